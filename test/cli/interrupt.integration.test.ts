// Interrupted batches never lose track: a real CLI process, a slow loopback server that records every
// request, and signals (SIGTERM, SIGINT twice, SIGKILL) sent mid-batch once the server has seen enough
// requests (event-gated, no timing). The journal must account for every id, `--resume` must finish the
// rest, and no id recorded `done` may ever reach the server again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay, type LoopbackServer, startServer } from '../helpers/loopback-server.js';
import { sendJson } from '../helpers/qoder-replies.js';
import { runCli } from '../helpers/run-cli.js';

const IDS = Array.from({ length: 120 }, (_, i) => `agent_${String(i).padStart(3, '0')}`);
const BOUND_MS = 30_000;

let dir: string;
let server: LoopbackServer;
let idsFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-interrupt-'));
  idsFile = join(dir, 'ids.txt');
  writeFileSync(idsFile, `${IDS.join('\n')}\n`);
  // Ayra's archive: PUT /agents/{id}, answered after 20 ms (a slow vendor, so a batch is mid-way when
  // the signal comes).
  server = await startServer(async (req, res) => {
    await delay(20);
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    sendJson(res, 200, { id, name: id, status: 'archived' });
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Last status per id in a journal ('sent' with no final line stays 'sent'). */
function journalStatus(file: string): Map<string, string> {
  const status = new Map<string, string>();
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const entry = JSON.parse(line);
    if (typeof entry.id === 'string') status.set(entry.id, entry.status);
  }
  return status;
}

const requestedIds = (from: number) =>
  server.requests.slice(from).map((r) => decodeURIComponent(r.url.split('/').pop() ?? ''));

/** Runs the batch; `signals` are sent, in order, once the server has seen `after` new requests. */
async function batch(journal: string, extra: string[], signals: NodeJS.Signals[], after = 12) {
  const from = server.requests.length;
  const args = ['archive', '--provider', 'ayra', '--base-url', server.url, '--ids-file', idsFile];
  const run = runCli([...args, '--concurrency', '4', '--journal', journal, '--json', ...extra], {
    timeoutMs: BOUND_MS,
    onSpawn: (child) => {
      if (signals.length === 0) return;
      void server.waitForRequests(from + after, BOUND_MS).then(async () => {
        for (const signal of signals) {
          child.kill(signal);
          // Let the CLI take the first signal in (it says so on stderr) before the next one.
          await new Promise<void>((resolve) => child.stderr!.once('data', () => resolve()));
        }
      });
    },
  });
  const result = await run;
  return { ...result, requested: requestedIds(from) };
}

describe('interrupted batches', () => {
  it('SIGTERM, then SIGINT twice, then a plain resume: every id accounted for, no done id sent twice', async () => {
    const journal = join(dir, 'journal.jsonl');

    const first = await batch(journal, [], ['SIGTERM']);
    expect(first.code).toBe(143);
    const afterFirst = journalStatus(journal);
    expect([...afterFirst.keys()].sort()).toEqual(IDS);
    // SIGTERM lets in-flight requests finish: nothing is left unknown, the rest was never sent.
    expect(new Set(afterFirst.values())).toEqual(new Set(['done', 'not_sent']));
    const done1 = IDS.filter((id) => afterFirst.get(id) === 'done');
    expect(new Set(first.requested)).toEqual(new Set(done1));
    // stdout carried the same outcomes, one JSON line each, as they settled.
    expect(first.stdout.trim().split('\n')).toHaveLength(IDS.length);

    const second = await batch(journal, ['--resume', journal], ['SIGINT', 'SIGINT']);
    expect(second.code).toBe(130);
    expect(second.requested.filter((id) => done1.includes(id))).toEqual([]);
    const afterSecond = journalStatus(journal);
    expect([...afterSecond.keys()].sort()).toEqual(IDS);
    const done2 = IDS.filter((id) => afterSecond.get(id) === 'done');
    expect(done2.length).toBeGreaterThan(done1.length);

    const third = await batch(journal, ['--resume', journal], []);
    expect(third.code).toBe(0);
    expect(third.requested.filter((id) => done2.includes(id))).toEqual([]);
    const final = journalStatus(journal);
    expect(IDS.every((id) => final.get(id) === 'done')).toBe(true);
  });

  it('kill -9 leaves a journal that resumes correctly', async () => {
    const journal = join(dir, 'killed.jsonl');
    const killed = await batch(journal, [], ['SIGKILL']);
    expect(killed.code).toBe(null);
    const record = journalStatus(journal);
    const done = IDS.filter((id) => record.get(id) === 'done');
    expect(done.length).toBeGreaterThan(0);
    // Every id that reached the server is in the journal, as done or as sent (answer not recorded).
    for (const id of killed.requested) expect(['done', 'sent']).toContain(record.get(id));

    const resumed = await batch(journal, ['--resume', journal], []);
    expect(resumed.code).toBe(0);
    expect(resumed.requested.filter((id) => done.includes(id))).toEqual([]);
    expect(new Set(resumed.requested)).toEqual(new Set(IDS.filter((id) => !done.includes(id))));
    const final = journalStatus(journal);
    expect(IDS.every((id) => final.get(id) === 'done')).toBe(true);
  });
});

describe('batch-wide failures and scale', () => {
  it('a 401 stops the batch after at most `concurrency` requests and names the URL', async () => {
    const refusing = await startServer((_req, res) =>
      sendJson(res, 401, { error: { type: 'authentication_error', message: 'Invalid API key', code: 'bad_key' } }),
    );
    try {
      const run = await runCli(
        ['archive', '--provider', 'ayra', '--base-url', refusing.url, '--concurrency', '4', '--ids-file', idsFile],
        { timeoutMs: BOUND_MS },
      );
      expect(run.code).toBe(1);
      expect(refusing.requests.length).toBeLessThanOrEqual(4);
      expect(run.stderr).toMatch(
        new RegExp(`stopped: 401 from ${refusing.url}/agents/agent_\\d+: the key is refused for every id`),
      );
      expect(run.stderr).toMatch(new RegExp(`archive: 0 done, ${refusing.requests.length} failed, \\d+ not sent`));
    } finally {
      await refusing.close();
    }
  });

  it('10,000 ids with a signal handler attached print no listener warning', async () => {
    const fast = await startServer((req, res) =>
      sendJson(res, 200, { id: (req.url ?? '').split('/').pop(), status: 'archived' }),
    );
    const many = join(dir, 'many.txt');
    writeFileSync(many, Array.from({ length: 10_000 }, (_, i) => `m${i}`).join('\n'));
    try {
      const run = await runCli(
        ['archive', '--provider', 'ayra', '--base-url', fast.url, '--concurrency', '16', '--ids-file', many],
        { timeoutMs: 120_000 },
      );
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/MaxListenersExceededWarning|memory leak/);
      expect(run.stderr).toMatch(/archive: 10000 done of 10000 ids/);
      expect(fast.requests).toHaveLength(10_000);
    } finally {
      await fast.close();
    }
  }, 150_000);
});
