import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes.js';
import { readRecord } from '../../src/cli/journal.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-lifecycle-journal-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function record(name: string, lines: string[]) {
  const file = join(dir, name);
  await writeFile(file, lines.join('\n'));
  return { file, read: async () => (await readRecord(file)).record };
}

const j = (value: unknown) => JSON.stringify(value);

describe('readRecord (--resume)', () => {
  it('keeps the last word per id; sent without a final line is unknown; the header is skipped', async () => {
    const { read } = await record('journal.jsonl', [
      j({ journal: 1, operation: 'archive', provider: 'qoder' }),
      j({ id: 'a', status: 'sent' }),
      j({ id: 'b', status: 'sent' }),
      j({ id: 'a', status: 'done', ok: true }),
      j({ id: 'c', status: 'not_sent', ok: false }),
      '',
      j({ id: 'd', status: 'sent' }),
      j({ id: 'd', status: 'failed', ok: false }),
      j({ id: 'd', status: 'sent' }),
    ]);
    expect(Object.fromEntries(await read())).toEqual({ a: 'done', b: 'unknown', c: 'not_sent', d: 'unknown' });
  });

  it('reads --json output, where an old line may carry only ok', async () => {
    const { read } = await record('out.jsonl', [j({ id: 'x', ok: true }), j({ id: 'y', ok: false })]);
    expect(Object.fromEntries(await read())).toEqual({ x: 'done', y: 'failed' });
  });

  const run = { operation: 'archive', provider: 'qoder', baseUrl: 'https://api.example.com/v1' } as const;

  it('refuses a header of another operation, provider or base URL, naming both runs', async () => {
    const { file } = await record('other.jsonl', [
      j({ journal: 2, ...run, provider: 'ayra' }),
      j({ id: 'a', status: 'sent' }),
    ]);
    await expect(readRecord(file, run)).rejects.toThrow(UsageError);
    await expect(readRecord(file, run)).rejects.toThrow(
      `--resume: ${file}:1 is a journal of archive --provider ayra --base-url https://api.example.com/v1, not of archive --provider qoder --base-url https://api.example.com/v1; nothing was sent`,
    );
    // A later run appended to the same file counts as much as the first.
    const { file: appended } = await record('appended.jsonl', [
      j({ journal: 2, ...run }),
      j({ journal: 2, ...run, operation: 'delete' }),
    ]);
    await expect(readRecord(appended, run)).rejects.toThrow(`${appended}:2 is a journal of delete`);
    const { file: slash } = await record('slash.jsonl', [j({ journal: 1, ...run, baseUrl: `${run.baseUrl}/` })]);
    await expect(readRecord(slash, run)).resolves.toMatchObject({ untrusted: 0 });
  });

  it("trusts a journal's done only after a sent line for that id; keeps the first run's id hash", async () => {
    const { file } = await record('forged.jsonl', [
      j({ journal: 2, ...run, idsHash: 'sha256:aa' }),
      j({ id: 'forged', status: 'done', ok: true }),
      j({ id: 'a', status: 'sent' }),
      j({ id: 'a', status: 'done', ok: true }),
      j({ id: 'b', status: 'failed', ok: false }),
      j({ id: 'b', status: 'done', ok: true }),
      j({ journal: 2, ...run, idsHash: 'sha256:bb' }),
    ]);
    const got = await readRecord(file, run);
    expect(Object.fromEntries(got.record)).toEqual({ a: 'done', b: 'failed' });
    expect(got.untrusted).toBe(2);
    expect(got.idsHash).toBe('sha256:aa');
  });

  it('trusts --json output (no header) only for results of this provider in the target state', async () => {
    const result = (provider: string, state: string) => ({ provider, agentId: 'x', state });
    const { file } = await record('json-out.jsonl', [
      j({ id: 'ok', status: 'done', ok: true, result: result('qoder', 'archived') }),
      j({ id: 'other', status: 'done', ok: true, result: result('ayra', 'archived') }),
      j({ id: 'restored', status: 'done', ok: true, result: result('qoder', 'active') }),
      j({ id: 'bare', ok: true }),
    ]);
    const got = await readRecord(file, run);
    expect(Object.fromEntries(got.record)).toEqual({ ok: 'done' });
    expect(got.untrusted).toBe(3);
  });

  it('ignores a last line cut by kill -9 (its id counts as not recorded), also before trailing blanks', async () => {
    const { read } = await record('cut.jsonl', [j({ id: 'a', status: 'done' }), '{"id":"b","sta', '', '  ']);
    expect(Object.fromEntries(await read())).toEqual({ a: 'done' });
  });

  it('refuses a bad line that is not the last, naming the file and line', async () => {
    const { file, read } = await record('bad.jsonl', [j({ id: 'a', status: 'done' }), 'not json', j({ id: 'b' })]);
    await expect(read()).rejects.toThrow(UsageError);
    await expect(read()).rejects.toThrow(`--resume: ${file}:2 is not a JSON line`);
  });

  it('a missing file is a usage error with its code', async () => {
    await expect(readRecord(join(dir, 'nope.jsonl'))).rejects.toThrow(/--resume: cannot read .*nope\.jsonl \(ENOENT\)/);
    await expect(readRecord(dir)).rejects.toThrow(/\(EISDIR\)/);
  });

  it('holds 100,000 ids from a 20 MB journal', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(
        j({ id: `m${i}`, status: 'sent' }),
        j({ id: `m${i}`, status: i % 2 ? 'done' : 'failed', ok: i % 2 === 1, result: { pad: 'x'.repeat(100) } }),
      );
    const { read } = await record('big.jsonl', lines);
    const got = await read();
    expect(got.size).toBe(100_000);
    expect(got.get('m99999')).toBe('done');
    expect(got.get('m99998')).toBe('failed');
  });
});
