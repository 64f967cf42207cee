import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inCheckout } from '../../src/cli/commands/conformance.js';
import { createOutput } from '../../src/cli/output.js';
import { buildProgram } from '../../src/cli/program.js';
import { providers } from '../../src/providers/registry.js';
import { startFakeApi } from '../helpers/fake-api.js';
import { startServer } from '../helpers/loopback-server.js';
import { sendJson } from '../helpers/qoder-replies.js';
import { KEY, lines, ROOT, runCli } from '../helpers/run-cli.js';

let api: Awaited<ReturnType<typeof startFakeApi>>;
let dir: string;

beforeAll(async () => {
  api = await startFakeApi();
  dir = await mkdtemp(join(tmpdir(), 'agent-lifecycle-cli-'));
});
afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  api.requests.length = 0;
});

/** The --json summary: the last line on stderr, one JSON object. */
const summaryOf = (stderr: string) => JSON.parse(lines(stderr).at(-1) ?? 'null');

const qoder = () => ['--provider', 'qoder', '--base-url', api.url];
const ayra = () => ['--provider', 'ayra', '--base-url', api.url];
// Progress bars are drawn with these block characters, redrawn with CR / escape sequences.
const BAR = /[\u2588\u2591\r\x1b]/;

describe('batch commands (piped)', () => {
  it('archives every id, one line each in input order, a summary on stderr, exit 0, no bar', async () => {
    const run = await runCli(['archive', ...qoder(), '--concurrency', '1', 'a1', 'a2', 'a3']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(['done      a1  archived', 'done      a2  archived', 'done      a3  archived']);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^archive: 3 done of 3 ids on qoder in [\d.]+ s$/)]);
    expect(run.stderr).not.toMatch(BAR);
    expect(api.requests.map((s) => `${s.method} ${s.url}`).sort()).toEqual([
      'POST /agents/a1/archive',
      'POST /agents/a2/archive',
      'POST /agents/a3/archive',
    ]);
  });

  it('--json prints one JSON object per id, errors without headers or bodies; exit 1 on a partial failure', async () => {
    const run = await runCli(['archive', ...qoder(), '--json', '--concurrency', '1', 'a1', 'gone_1', 'a1', '..']);
    expect(run.code).toBe(1);
    const records = lines(run.stdout).map((l) => JSON.parse(l));
    // The repeated a1 is sent once (with a notice).
    expect(records.map((r) => [r.id, r.ok, r.status])).toEqual([
      ['a1', true, 'done'],
      ['gone_1', false, 'failed'],
      ['..', false, 'failed'],
    ]);
    expect(records[0].result).toMatchObject({ provider: 'qoder', agentId: 'a1', state: 'archived' });
    expect(records[1].error).toMatchObject({
      name: 'NotFoundError',
      status: 404,
      code: 'not_found',
      vendorCode: 'not_found_error',
    });
    expect(records[1].error).not.toHaveProperty('headers');
    expect(records[1].error).not.toHaveProperty('body');
    expect(records[2].error.name).toBe('InvalidInputError');
    expect(run.stderr).toMatch(/note: 1 duplicate id\(s\) dropped/);
    // With --json the summary is JSON too, the last line on stderr.
    expect(summaryOf(run.stderr)).toMatchObject({ operation: 'archive', ids: 3, done: 1, failed: 2, exitCode: 1 });
  });

  it('prints failures as one line each and exits 1', async () => {
    const run = await runCli(['archive', ...qoder(), '--concurrency', '1', 'gone_9', 'a1']);
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      expect.stringMatching(/^failed {4}gone_9 {2}NotFoundError: qoder: 404 .*No agent with id gone_9$/),
      'done      a1  archived',
    ]);
  });

  it('never prints the key, even when the server echoes it back', async () => {
    const human = await runCli(['archive', ...qoder(), 'echo_1']);
    const json = await runCli(['archive', ...qoder(), '--json', 'echo_1']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Bearer ***');
    expect(JSON.parse(json.stdout).error.message).toContain('Bearer ***');
    // runCli asserts the key is absent from stdout and stderr of every run.
  });

  it('reads ids from stdin with --ids-file - (blank lines and comments skipped) after the arguments', async () => {
    const run = await runCli(['archive', ...qoder(), '--concurrency', '1', 'first', '--ids-file', '-'], {
      input: '# cleanup list\nb1\n\n  b2  # trailing comment\r\nb3\n',
    });
    expect(run.code).toBe(0);
    expect(lines(run.stdout).map((l) => l.split(/\s+/)[1])).toEqual(['first', 'b1', 'b2', 'b3']);
    expect(api.requests).toHaveLength(4);
  });

  it('reads ids from a file with --ids-file <path>; a missing file is a usage error', async () => {
    const file = join(dir, 'ids.txt');
    await writeFile(file, 'f1\nf2\n');
    const run = await runCli(['unarchive', ...ayra(), '--concurrency', '1', '--ids-file', file]);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(['done      f1  active', 'done      f2  active']);
    const missing = await runCli(['archive', ...qoder(), '--ids-file', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual([
      expect.stringMatching(/^agent-lifecycle: --ids-file: cannot read .*nope\.txt \(ENOENT\)$/),
    ]);
  });

  it('--dry-run shows method and URL (and body) and sends nothing', async () => {
    const run = await runCli(['archive', ...ayra(), '--dry-run', 'd1', 'd2']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `would   PUT ${api.url}/agents/d1 {"status":"archived"}`,
      `would   PUT ${api.url}/agents/d2 {"status":"archived"}`,
    ]);
    expect(run.stderr).toMatch(/dry run: 2 requests would be sent; nothing was sent/);
    const del = await runCli(['delete', ...ayra(), '--dry-run', '--json', 'd1', 'd2', 'd3']);
    expect(del.code).toBe(0);
    expect(lines(del.stdout).map((l) => JSON.parse(l))).toEqual(
      ['d1', 'd2', 'd3'].map((id) => ({ id, dryRun: true, method: 'DELETE', url: `${api.url}/agents/${id}` })),
    );
    expect(lines(del.stderr)).toEqual(['{"dryRun":true,"requests":3,"skipped":0,"sent":0}']);
    expect(api.requests).toHaveLength(0);
  });

  it('--dry-run needs no key', async () => {
    const run = await runCli(['archive', '--provider', 'qoder', '--dry-run', 'x'], {
      env: { AGENT_LIFECYCLE_QODER_API_KEY: undefined },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('would   POST https://api.qoder.com/api/v1/cloud/agents/x/archive\n');
  });

  it('--rate takes requests per second, as 200 or 200/s', async () => {
    for (const rate of ['1000', '1000/s']) {
      api.requests.length = 0;
      const run = await runCli(['archive', ...qoder(), '--rate', rate, 'r1', 'r2']);
      expect(run.code).toBe(0);
      expect(api.requests).toHaveLength(2);
    }
  });

  it('--concurrency bounds the requests in flight', async () => {
    const slow = await startFakeApi({ holdFirst: 3 });
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
      const run = await runCli([
        'archive',
        '--provider',
        'qoder',
        '--base-url',
        slow.url,
        '--concurrency',
        '3',
        ...ids,
      ]);
      expect(run.code).toBe(0);
      expect(slow.requests).toHaveLength(12);
      expect(slow.maxInFlight).toBe(3);
    } finally {
      await slow.close();
    }
  });

  it('refuses to delete several agents without --yes when stdin is not a terminal; --yes deletes', async () => {
    const refused = await runCli(['delete', ...ayra(), 'x1', 'x2']);
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr)).toEqual([
      // The count, the ids and where they would go, before anything is sent.
      expect.stringMatching(
        /^agent-lifecycle: refusing to delete 2 ayra agent\(s\) at http:\/\/127\.0\.0\.1:\d+ \(x1, x2\) without confirmation: pass --yes$/,
      ),
    ]);
    expect(api.requests).toHaveLength(0);

    const confirmed = await runCli(['delete', ...ayra(), '--yes', 'x1', 'x2']);
    expect(confirmed.code).toBe(0);
    expect(api.requests.map((s) => `${s.method} ${s.url}`).sort()).toEqual(['DELETE /agents/x1', 'DELETE /agents/x2']);
  });

  it('deletes a single id without asking', async () => {
    const run = await runCli(['delete', ...ayra(), 'only']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('done      only  deleted\n');
  });
});

describe('rate limiting, duplicates and partial failure (piped, --json)', () => {
  /** Bounds a run that waits on server events: a stuck CLI is killed well inside the test timeout. */
  const BOUND_MS = 15_000;

  it('a 429 with Retry-After pauses the whole batch once; every id still settles ok, in input order', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    // The first request for "b" gets 429 + Retry-After: 1; the other answers are held until the CLI
    // has taken that 429 in (it closes the connection), so the only thing that can hold a worker back
    // afterwards is the batch's shared pause.
    const limited = await startFakeApi({ rateLimitOnce: 'b' });
    try {
      const run = await runCli(
        ['archive', '--provider', 'ayra', '--base-url', limited.url, '--concurrency', '3', '--json', ...ids],
        {
          timeoutMs: BOUND_MS,
        },
      );
      expect(run.code).toBe(0);
      // Streamed as they settle: sorted here, one record per id.
      const records = lines(run.stdout)
        .map((l) => JSON.parse(l))
        .sort((x, y) => x.id.localeCompare(y.id));
      expect(records.map((r) => [r.id, r.ok, r.status])).toEqual(ids.map((id) => [id, true, 'done']));
      expect(records.map((r) => r.result.state)).toEqual(ids.map(() => 'archived'));
      expect(lines(run.stderr)).toHaveLength(1);
      expect(summaryOf(run.stderr)).toEqual({
        operation: 'archive',
        provider: 'ayra',
        ids: 6,
        done: 6,
        failed: 0,
        not_sent: 0,
        unknown: 0,
        seconds: expect.any(Number),
        exitCode: 0,
      });

      // One request per id, plus the retry of "b".
      expect(limited.requests).toHaveLength(ids.length + 1);
      expect(limited.requests.map((s) => s.url).sort()).toEqual([...ids, 'b'].sort().map((id) => `/agents/${id}`));
      const { limitedAt, arrivedBeforeRelease } = limited.rateLimit;
      expect(limitedAt).toBeDefined();
      // Only the first wave (one per worker) was on the wire before the 429 was taken in...
      expect(arrivedBeforeRelease).toBe(3);
      // ...and nothing reached the server during the advertised second: the retry of "b" and the three
      // ids the freed workers picked up all waited (~50 ms of slack for timer rounding and scheduling).
      const later = limited.requests.slice(arrivedBeforeRelease);
      expect(later).toHaveLength(4);
      for (const request of later) expect(request.at - limitedAt!).toBeGreaterThanOrEqual(950);
    } finally {
      await limited.close();
    }
  });

  it('duplicate ids are sent once, with a notice', async () => {
    const run = await runCli(['archive', ...ayra(), '--json', '--concurrency', '1', 'a', 'b', 'a'], {
      timeoutMs: BOUND_MS,
    });
    expect(run.code).toBe(0);
    const records = lines(run.stdout).map((l) => JSON.parse(l));
    expect(records.map((r) => [r.id, r.ok])).toEqual([
      ['a', true],
      ['b', true],
    ]);
    expect(lines(run.stderr)).toEqual(['note: 1 duplicate id(s) dropped; each id is sent once', expect.any(String)]);
    expect(summaryOf(run.stderr)).toMatchObject({ ids: 2, done: 2, exitCode: 0 });
    expect(api.requests.map((s) => `${s.method} ${s.url}`).sort()).toEqual(['PUT /agents/a', 'PUT /agents/b']);
  });

  it('a mix of ok, 409 conflict and 404 exits 1 with the right counts; 409 and 404 are not retried', async () => {
    const ids = ['ok_1', 'conflict_1', 'ok_2', 'gone_1', 'ok_3'];
    const run = await runCli(['archive', ...ayra(), '--json', '--concurrency', '1', ...ids], { timeoutMs: BOUND_MS });
    expect(run.code).toBe(1);
    const records = lines(run.stdout).map((l) => JSON.parse(l));
    expect(records.map((r) => [r.id, r.ok])).toEqual([
      ['ok_1', true],
      ['conflict_1', false],
      ['ok_2', true],
      ['gone_1', false],
      ['ok_3', true],
    ]);
    expect(records[1].error).toMatchObject({
      name: 'ConflictError',
      status: 409,
      code: 'conflict',
      vendorCode: 'conflict_error',
    });
    expect(records[3].error).toMatchObject({
      name: 'NotFoundError',
      status: 404,
      code: 'not_found',
      vendorCode: 'not_found_error',
    });
    expect(lines(run.stderr)).toHaveLength(1);
    expect(summaryOf(run.stderr)).toMatchObject({ provider: 'ayra', ids: 5, done: 3, failed: 2, exitCode: 1 });
    expect(api.requests).toHaveLength(ids.length);

    // The same mix in human output: one line per id, failures named.
    const human = await runCli(['archive', ...ayra(), '--concurrency', '1', ...ids], { timeoutMs: BOUND_MS });
    expect(human.code).toBe(1);
    expect(lines(human.stdout)).toEqual([
      'done      ok_1  archived',
      expect.stringMatching(
        /^failed {4}conflict_1 {2}ConflictError: ayra: 409 conflict \(conflict_error\): Agent conflict_1 is being modified$/,
      ),
      'done      ok_2  archived',
      expect.stringMatching(/^failed {4}gone_1 {2}NotFoundError: ayra: 404 not_found /),
      'done      ok_3  archived',
    ]);
    expect(human.stderr).toMatch(/^archive: 3 done, 2 failed of 5 ids on ayra/);
  });
});

describe('one-shot commands', () => {
  it('get prints the agent; --json prints it as JSON', async () => {
    const human = await runCli(['get', ...qoder(), 'g1']);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe('g1  archived 2025-01-01T00:00:00Z  "Agent g1"\n');
    const json = await runCli(['get', ...qoder(), '--json', 'g1']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'g1', archived: true, name: 'Agent g1' });
    const missing = await runCli(['get', ...qoder(), 'gone_2']);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toEqual([
      expect.stringMatching(/^agent-lifecycle: get gone_2 failed: NotFoundError: /),
    ]);
    // An id the client refuses is the caller's mistake: a usage error, and nothing is sent.
    const before = api.requests.length;
    const empty = await runCli(['get', ...qoder(), '']);
    expect(empty.code).toBe(2);
    expect(lines(empty.stderr)).toEqual([
      expect.stringMatching(/^agent-lifecycle: get "" failed: InvalidInputError: /),
    ]);
    expect(api.requests).toHaveLength(before);
  });

  it('list passes --include-archived, --limit and --cursor, and tells the next cursor', async () => {
    const run = await runCli(['list', ...qoder(), '--include-archived', '--limit', '2', '--cursor', 'agent_0']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toHaveLength(2);
    expect(run.stderr).toBe('2 agents; next page: --cursor agent_2\n');
    expect(api.requests.map((s) => s.url)).toEqual(['/agents?limit=2&after_id=agent_0&include_archived=true']);
  });

  it('list --all --json: exactly one line per agent on stdout; the next cursor and count end stderr', async () => {
    const before = api.requests.length;
    const all = await runCli(['list', ...qoder(), '--all', '--json']);
    expect(all.code).toBe(0);
    const out = lines(all.stdout).map((l) => JSON.parse(l));
    // `| jq -r .id` gets ids only: no trailer among the agents.
    expect(out.map((a) => a.id)).toEqual(['agent_1', 'agent_2', 'agent_3', 'agent_4', 'agent_5']);
    expect(lines(all.stderr)).toEqual(['{"nextCursor":null,"count":5}']);
    expect(api.requests.slice(before).map((s) => s.url)).toEqual([
      '/agents',
      '/agents?after_id=agent_2',
      '/agents?after_id=agent_4',
    ]);

    const one = await runCli(['list', ...qoder(), '--json']);
    expect(lines(one.stdout).map((l) => JSON.parse(l).id)).toEqual(['agent_1', 'agent_2']);
    expect(lines(one.stderr).at(-1)).toBe('{"nextCursor":"agent_2","count":2}');
  });

  it('list --all that fails mid-way keeps what it printed and says where to continue', async () => {
    const run = await runCli(['list', ...qoder(), '--all', '--include-archived', '--json', '--max-retries', '0']);
    expect(run.code).toBe(1);
    const out = lines(run.stdout).map((l) => JSON.parse(l));
    expect(out.map((a) => a.id)).toEqual(['agent_1', 'agent_2', 'agent_3', 'agent_4']);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^agent-lifecycle: list failed: ServerError: qoder: 500/),
      'to continue: list --all --cursor agent_4',
      '{"nextCursor":"agent_4","count":4}',
    ]);
  });

  it('discard-draft sends one DELETE for smallest', async () => {
    const run = await runCli(['discard-draft', '--provider', 'smallest', '--base-url', api.url, 'ag1', 'dr1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok      ag1  draft dr1 discarded\n');
    expect(api.requests.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /agent/ag1/drafts/dr1']);
  });
});

describe('usage errors: exit 2, one line, nothing sent', () => {
  const cases: Array<[string, string[], RegExp, Record<string, string | undefined>?]> = [
    ['no provider', ['archive', 'a'], /required option '--provider <name>' not specified/],
    [
      'unknown provider',
      ['archive', '--provider', 'nope', 'a'],
      new RegExp(`Allowed choices are ${Object.keys(providers).join(', ')}\\.`),
    ],
    ['no ids', ['archive', '--provider', 'qoder'], /no ids given/],
    [
      'a key as a flag',
      ['archive', '--provider', 'qoder', `--api-key=${KEY}`, 'a'],
      /--api-key is not accepted: a key given as a flag stays in your shell history/,
    ],
    [
      'a key as a separate flag value',
      ['archive', '--provider', 'qoder', '--api-key', KEY, 'a'],
      /--api-key is not accepted/,
    ],
    [
      'no key in the environment',
      ['archive', '--provider', 'qoder', 'a'],
      /no API key for qoder: set AGENT_LIFECYCLE_QODER_API_KEY/,
      { AGENT_LIFECYCLE_QODER_API_KEY: undefined },
    ],
    [
      'a key pasted into --api-key-env',
      ['archive', '--provider', 'qoder', '--api-key-env', KEY, 'a'],
      /--api-key-env takes the NAME of an environment variable/,
    ],
    [
      'an unset --api-key-env',
      ['archive', '--provider', 'qoder', '--api-key-env', 'MY_QODER_KEY', 'a'],
      /environment variable MY_QODER_KEY is not set/,
    ],
    [
      'a bad --concurrency',
      ['archive', '--provider', 'qoder', '--concurrency', '0', 'a'],
      /--concurrency must be an integer >= 1/,
    ],
    [
      'a --rate per minute',
      ['archive', '--provider', 'qoder', '--rate', '100/min', 'a'],
      /--rate must be requests per second > 0 \(e\.g\. 200 or 200\/s\)/,
    ],
    [
      'an operation the vendor lacks',
      ['delete', '--provider', 'qoder', 'a'],
      /qoder has no delete operation \(it supports: archive, get, list\)/,
    ],
    [
      'plain http to a remote host',
      ['archive', '--provider', 'qoder', '--base-url', 'http://example.com', 'a'],
      /--base-url: baseUrl uses http:\/\/ to a non-loopback host; the API key would be sent in clear \(pass --allow-insecure-http to override\)/,
    ],
    ['an unknown command', ['purge'], /unknown command 'purge' \(see agent-lifecycle --help\)/],
    [
      'both journal formats',
      ['archive', '--provider', 'qoder', '--journal-full', '--journal-compact', 'a'],
      /option '--journal-compact' cannot be used with option '--journal-full'/,
    ],
    [
      'an unknown option',
      ['archive', '--provider', 'qoder', '--fast', 'a'],
      /unknown option '--fast' \(see agent-lifecycle archive --help\)/,
    ],
  ];
  for (const [name, args, message, env] of cases) {
    it(name, async () => {
      const run = await runCli(args, env ? { env } : {});
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(lines(run.stderr)).toEqual([expect.stringMatching(/^agent-lifecycle: /)]);
      expect(run.stderr).toMatch(message);
    });
  }

  it('a key picked with --api-key-env works', async () => {
    const run = await runCli(['archive', ...qoder(), '--api-key-env', 'MY_QODER_KEY', 'k1'], {
      env: { MY_QODER_KEY: KEY, AGENT_LIFECYCLE_QODER_API_KEY: undefined },
    });
    expect(run.code).toBe(0);
  });

  it('--help exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: agent-lifecycle/);
    expect(run.stdout).toMatch(/never from a flag/);
  });

  it('--help names every vendor in the providers registry, and --provider offers exactly those', async () => {
    const names = Object.keys(providers);
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    // Commander wraps help text at 80 columns when piped.
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    expect(flat(run.stdout)).toContain(`across vendors (${names.join(', ')}).`);
    const archive = await runCli(['archive', '--help']);
    expect(archive.code).toBe(0);
    expect(flat(archive.stdout)).toContain(`(choices: ${names.map((n) => `"${n}"`).join(', ')})`);
  });
});

describe('conformance', () => {
  it('hands its flags to the conformance runner', async () => {
    const help = await runCli(['conformance', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: npm run conformance/);
    const bad = await runCli(['conformance', '--reporter', 'tap']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown reporter "tap"/);
    // Two node processes: the CLI through tsx, then the built runner: slow on a loaded machine.
  }, 60_000);
});

describe('output that pipes', () => {
  it("every command's --help fits 80 columns, wrapped rather than cut", async () => {
    const commands = buildProgram(createOutput(), () => undefined, true).commands.map((c) => c.name());
    expect(commands).toEqual(['archive', 'unarchive', 'delete', 'discard-draft', 'get', 'list', 'conformance']);
    const runs = await Promise.all(
      [[], ...commands.map((c) => [c])].map(async (command) => ({
        command: command.join(' ') || '(top)',
        run: await runCli([...command, '--help']),
      })),
    );
    for (const { command, run } of runs) {
      expect(run.code, command).toBe(0);
      const wide = lines(run.stdout).filter((l) => l.length > 80);
      expect(wide, command).toEqual([]);
    }
    // Wrapped, not cut: the last words of long descriptions are still there.
    const top = runs.find((r) => r.command === '(top)')!.run.stdout;
    expect(top.replace(/\s+/g, ' ')).toContain('finishes its in-flight requests first (--grace seconds).');
    expect(top.replace(/\s+/g, ' ')).toContain('showing the ids and the base URL, unless --yes)');
  }, 120_000);

  it('lists conformance only in a checkout: not from a published package', async () => {
    const noop = () => undefined;
    expect(buildProgram(createOutput(), noop, false).commands.map((c) => c.name())).not.toContain('conformance');
    expect(inCheckout(ROOT)).toBe(true);
    // A package as npm installs it: the manifest, no suite, no dev dependencies.
    const installed = join(dir, 'node_modules', 'agent-lifecycle');
    await mkdir(join(installed, 'dist'), { recursive: true });
    await writeFile(join(installed, 'package.json'), JSON.stringify({ name: 'agent-lifecycle' }));
    expect(inCheckout(installed)).toBe(false);
  });

  it('a 401 prints the ids never sent as one line with a count, not one line each', async () => {
    const refusing = await startServer((_req, res) =>
      sendJson(res, 401, { error: { type: 'authentication_error', message: 'Invalid API key' } }),
    );
    try {
      const ids = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
      const run = await runCli([
        'archive',
        '--provider',
        'ayra',
        '--base-url',
        refusing.url,
        '--concurrency',
        '1',
        ...ids,
      ]);
      expect(run.code).toBe(1);
      // Concurrency 1: the first id is refused, the 39 others are not sent, for one reason.
      expect(lines(run.stdout)).toEqual([
        expect.stringMatching(/^failed {4}k00 {2}AuthenticationError: ayra: 401 /),
        expect.stringMatching(
          /^not sent {2}39 ids \(k01 … k39\) {2}AbortError: not sent: 401 from .* refused for every id$/,
        ),
      ]);
      expect(run.stderr).toMatch(/archive: 0 done, 1 failed, 39 not sent of 40 ids/);
      expect(refusing.requests).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });

  it('nothing listening at --base-url: the batch stops after the first ids fail to connect', async () => {
    // A port that was free a moment ago and is closed now: connections are refused.
    const gone = await startServer((_req, res) => res.end());
    const url = gone.url;
    await gone.close();
    const ids = Array.from({ length: 30 }, (_, i) => `n${i}`);
    const run = await runCli(
      [
        'archive',
        '--provider',
        'ayra',
        '--base-url',
        url,
        '--concurrency',
        '1',
        '--max-retries',
        '0',
        '--json',
        ...ids,
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.code).toBe(1);
    const records = lines(run.stdout).map((l) => JSON.parse(l));
    expect(records).toHaveLength(30);
    expect(records.slice(0, 3).map((r) => [r.status, r.error.name])).toEqual(
      Array(3).fill(['failed', 'ConnectionError']),
    );
    expect(new Set(records.slice(3).map((r) => r.status))).toEqual(new Set(['not_sent']));
    expect(records[3].error.message).toBe(`not sent: nothing answers at ${url} (the first 3 ids failed to connect)`);
    expect(run.stderr).toContain(`stopped: nothing answers at ${url}`);
    expect(summaryOf(run.stderr)).toMatchObject({ done: 0, failed: 3, not_sent: 27, exitCode: 1 });
  }, 90_000);

  it('--journal is compact by default (id, outcome, HTTP status, request id); --journal-full adds the result', async () => {
    const compact = join(dir, 'compact.jsonl');
    const run = await runCli(['archive', ...qoder(), '--concurrency', '1', '--journal', compact, 'j1', 'gone_j']);
    expect(run.code).toBe(1);
    const [header, ...entries] = (await readFile(compact, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(header).toEqual({
      journal: 2,
      operation: 'archive',
      provider: 'qoder',
      baseUrl: api.url,
      ids: 2,
      idsHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      format: 'compact',
      startedAt: expect.any(String),
    });
    expect(entries).toEqual([
      { id: 'j1', status: 'sent' },
      { id: 'j1', status: 'done', ok: true },
      { id: 'gone_j', status: 'sent' },
      {
        id: 'gone_j',
        status: 'failed',
        ok: false,
        httpStatus: 404,
        error: { name: 'NotFoundError', message: expect.stringContaining('404') },
      },
    ]);

    const full = join(dir, 'full.jsonl');
    expect((await runCli(['archive', ...qoder(), '--journal', full, '--journal-full', 'j2'])).code).toBe(0);
    const done = JSON.parse((await readFile(full, 'utf8')).trim().split('\n').at(-1)!);
    expect(done).toMatchObject({ id: 'j2', status: 'done', result: { agentId: 'j2', agent: { id: 'j2' } } });
    expect(JSON.stringify(done).length).toBeGreaterThan(200);
  });
});
