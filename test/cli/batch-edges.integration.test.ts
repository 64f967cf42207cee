// The edges of a batch (issue 22): a reader that goes away mid-batch (`| head -1`), a journal of
// another run given to --resume, and a `done` line nobody sent. A real CLI process, a slow loopback
// server that records every request, and a real OS pipe.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay, type LoopbackServer, startServer } from '../helpers/loopback-server.js';
import { qoderAgent, sendJson } from '../helpers/qoder-replies.js';
import { lines, runCli, runCliPiped } from '../helpers/run-cli.js';

const IDS = Array.from({ length: 150 }, (_, i) => `p${String(i).padStart(3, '0')}`);
const BOUND_MS = 60_000;

let dir: string;
let server: LoopbackServer;
let idsFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-edges-'));
  idsFile = join(dir, 'ids.txt');
  writeFileSync(idsFile, `${IDS.join('\n')}\n`);
  // Ayra's archive (PUT /agents/{id}), answered after 20 ms: a batch is mid-way when the reader leaves.
  server = await startServer(async (req, res) => {
    await delay(20);
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    sendJson(res, 200, { id, name: id, status: req.method === 'DELETE' ? 'deleted' : 'archived' });
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each journal line, parsed. */
function journalLines(file: string): Array<Record<string, unknown>> {
  return lines(readFileSync(file, 'utf8')).map((l) => JSON.parse(l));
}

/** Last status per id ('sent' with no final line stays 'sent'). */
function lastStatus(file: string): Map<string, string> {
  const status = new Map<string, string>();
  for (const entry of journalLines(file)) if (typeof entry.id === 'string') status.set(entry.id, String(entry.status));
  return status;
}

const requested = (from: number) =>
  server.requests.slice(from).map((r) => decodeURIComponent(r.url.split('/').pop() ?? ''));

const archive = (...extra: string[]) => [
  'archive',
  '--provider',
  'ayra',
  '--base-url',
  server.url,
  '--ids-file',
  idsFile,
  '--concurrency',
  '4',
  ...extra,
];

describe('a closed stdout stops a batch like SIGTERM', () => {
  it('`archive … | head -1` exits 141 with every id accounted for; --resume archives the rest exactly once', async () => {
    const journal = join(dir, 'epipe.jsonl');
    const from = server.requests.length;
    const piped = await runCliPiped(archive('--journal', journal), 'head -1', { timeoutMs: BOUND_MS });

    expect(piped.consumerCode).toBe(0);
    expect(lines(piped.stdout)).toEqual([expect.stringMatching(/^done {6}p\d{3} {2}archived$/)]);
    // Non-zero, as a shell shows a process killed by SIGPIPE; the summary still reached stderr.
    expect(piped.code).toBe(141);
    expect(piped.stderr).toContain('stdout closed (EPIPE): sending no new ids');
    expect(piped.stderr).toMatch(/archive: \d+ done, \d+ not sent of 150 ids on ayra/);
    expect(piped.stderr).toContain(`to finish: rerun with --resume ${journal}`);

    // Every id has a final line: in-flight ids finished within the grace period, the rest not sent.
    const first = lastStatus(journal);
    expect([...first.keys()].sort()).toEqual(IDS);
    expect(new Set(first.values())).toEqual(new Set(['done', 'not_sent']));
    const done = IDS.filter((id) => first.get(id) === 'done');
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(IDS.length);
    // The server saw exactly the done ids, each once.
    expect(requested(from).sort()).toEqual(done);

    const before = server.requests.length;
    const resumed = await runCli(archive('--journal', journal, '--resume', journal, '--json'), {
      timeoutMs: BOUND_MS,
    });
    expect(resumed.code).toBe(0);
    const again = requested(before);
    // Every remaining id exactly once, and no id done in the first run.
    expect(again.sort()).toEqual(IDS.filter((id) => !done.includes(id)));
    expect(lines(resumed.stdout)).toHaveLength(IDS.length - done.length);
    expect(resumed.stderr).toContain(`resume: ${done.length} id(s) already done in ${journal}, not sent again`);
    const final = lastStatus(journal);
    expect(IDS.every((id) => final.get(id) === 'done')).toBe(true);
  });

  it('against a server answering 401 the pipe exits non-zero too, and the journal accounts for every id', async () => {
    const refusing = await startServer(async (_req, res) => {
      await delay(20);
      sendJson(res, 401, { error: { type: 'authentication_error', message: 'Invalid API key' } });
    });
    try {
      const journal = join(dir, 'refused.jsonl');
      const piped = await runCliPiped(
        ['archive', '--provider', 'ayra', '--base-url', refusing.url, '--ids-file', idsFile, '--journal', journal],
        'head -1',
        { timeoutMs: BOUND_MS },
      );
      expect(piped.code).not.toBe(0);
      expect(lines(piped.stdout)).toEqual([expect.stringMatching(/^failed {4}p\d{3} {2}AuthenticationError: /)]);
      const status = lastStatus(journal);
      expect([...status.keys()].sort()).toEqual(IDS);
      expect([...status.values()].every((s) => s === 'failed' || s === 'not_sent')).toBe(true);
    } finally {
      await refusing.close();
    }
  });
});

describe('a closed stdout ends a listing', () => {
  it('`list --all --json | head -1` stops paging and exits 141, even when pages never end', async () => {
    // Qoder's list, two agents a page, always one more page: only the closed pipe can end the walk.
    const endless = await startServer(async (req, res) => {
      await delay(10);
      const from = Number(/after_id=agent_(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      const ids = [`agent_${from + 1}`, `agent_${from + 2}`];
      sendJson(res, 200, { data: ids.map(qoderAgent), first_id: ids[0], last_id: ids[1], has_more: true });
    });
    try {
      const piped = await runCliPiped(
        ['list', '--provider', 'qoder', '--base-url', endless.url, '--all', '--json'],
        'head -1',
        { timeoutMs: BOUND_MS },
      );
      expect(piped.code).toBe(141);
      expect(lines(piped.stdout).map((l) => JSON.parse(l).id)).toEqual(['agent_1']);
      // The count and cursor of what was written still reach stderr, as its last line.
      expect(JSON.parse(lines(piped.stderr).at(-1)!)).toMatchObject({ nextCursor: expect.any(String) });
      expect(endless.requests.length).toBeLessThan(50);
    } finally {
      await endless.close();
    }
  });
});

describe('--resume trusts only what it can check', () => {
  const header = (fields: Record<string, unknown>) =>
    JSON.stringify({ journal: 2, operation: 'archive', provider: 'ayra', baseUrl: server.url, ...fields });

  it('refuses a journal of another operation, provider or base URL in one line, before any request', async () => {
    const journal = join(dir, 'foreign.jsonl');
    writeFileSync(
      journal,
      `${[header({}), '{"id":"f1","status":"sent"}', '{"id":"f1","status":"done","ok":true}'].join('\n')}\n`,
    );
    const cases = [
      { args: ['unarchive', '--provider', 'ayra', '--base-url', server.url], other: `unarchive --provider ayra` },
      { args: ['delete', '--provider', 'ayra', '--base-url', server.url, '--yes'], other: 'delete --provider ayra' },
      { args: ['archive', '--provider', 'qoder', '--base-url', server.url], other: 'archive --provider qoder' },
      { args: ['archive', '--provider', 'ayra', '--base-url', `${server.url}/v2`], other: 'archive --provider ayra' },
    ];
    for (const { args, other } of cases) {
      const before = server.requests.length;
      const run = await runCli([...args, '--resume', journal, 'f1', 'f2'], { timeoutMs: BOUND_MS });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(lines(run.stderr)).toEqual([
        `agent-lifecycle: --resume: ${journal}:1 is a journal of archive --provider ayra --base-url ${server.url}, not of ${other} --base-url ${args[4]}; nothing was sent`,
      ]);
      expect(server.requests.length).toBe(before);
    }
    // The same command accepts it (a trailing slash on the URL is the same URL).
    const same = await runCli(
      ['archive', '--provider', 'ayra', '--base-url', `${server.url}/`, '--resume', journal, 'f1', 'f2'],
      {
        timeoutMs: BOUND_MS,
      },
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('done      f2  archived\n');
  });

  it('a `done` with no `sent` line before it is redone, not trusted, and counted in the tally', async () => {
    const journal = join(dir, 'forged.jsonl');
    writeFileSync(
      journal,
      `${[
        header({}),
        '{"id":"real","status":"sent"}',
        '{"id":"real","status":"done","ok":true}',
        '{"id":"forged","status":"done","ok":true}',
      ].join('\n')}\n`,
    );
    const before = server.requests.length;
    const run = await runCli(
      ['archive', '--provider', 'ayra', '--base-url', server.url, '--resume', journal, '--json', 'real', 'forged'],
      { timeoutMs: BOUND_MS },
    );
    expect(run.code).toBe(0);
    expect(requested(before)).toEqual(['forged']);
    expect(lines(run.stdout).map((l) => JSON.parse(l).id)).toEqual(['forged']);
    expect(run.stderr).toContain(`resume: 1 id(s) already done in ${journal}, not sent again`);
    expect(run.stderr).toContain(`resume: 1 done line(s) in ${journal} not trusted`);
    expect(JSON.parse(lines(run.stderr).at(-1)!)).toMatchObject({ ids: 1, done: 1, exitCode: 0 });
  });
});
