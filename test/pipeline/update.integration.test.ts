// `npm run update` on a copy of the repository (never the real one), with vendor changes to our Qoder
// spec: a renamed response field the façade reads (red, names the provider line, tree unchanged), a
// new operation (green, reported as new and not covered), a deprecated bound operation (green,
// flagged), a removed bound operation with --keep (red, gone, change kept). Also: the tree is put back
// whole (another vendor's stale output included), Ctrl-C restores it and stops every child, and our
// own errors are one line; a second update in the same tree is refused.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { snapshotTree } from '../../scripts/pipeline/tree-snapshot.js';
import { parseYaml } from '../../scripts/pipeline/yaml.js';
import { LineWaiter, repoRoot, runScript, snapshotDir, spawnScript } from '../helpers/workspace.js';

let copy: string;
let original: string;

const SKIPPED = /^(node_modules|\.git|\.tmp|dist|reports|coverage)$/;

beforeAll(async () => {
  copy = await fs.mkdtemp(path.join(os.tmpdir(), 'al-update-repo-'));
  await fs.cp(repoRoot, copy, {
    recursive: true,
    filter: (src) => !SKIPPED.test(path.relative(repoRoot, src).split(path.sep)[0] ?? ''),
  });
  await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  original = await fs.readFile(path.join(copy, 'specs/qoder/openapi.yaml'), 'utf8');
});

afterAll(() => fs.rm(copy, { recursive: true, force: true }));

/** Writes a changed Qoder spec next to the copy and runs `update qoder <it>` there. */
async function updateWith(change: (spec: string) => string, ...flags: string[]) {
  const source = path.join(copy, '..', `${path.basename(copy)}-qoder.yaml`);
  await fs.writeFile(source, change(original));
  try {
    return await runScript('update.ts', ['qoder', source, ...flags], copy, copy);
  } finally {
    await fs.rm(source, { force: true });
  }
}

const tree = async () => ({
  specs: await snapshotDir(path.join(copy, 'specs')),
  generated: await snapshotDir(path.join(copy, 'generated')),
});

/** Same files, same bytes, and the same mtimes (to the millisecond: utimes keeps no finer copy). */
function expectSameTree(after: Awaited<ReturnType<typeof tree>>, before: Awaited<ReturnType<typeof tree>>) {
  for (const part of ['specs', 'generated'] as const) {
    expect(Object.keys(after[part]).sort()).toEqual(Object.keys(before[part]).sort());
    for (const [file, { bytes, mtimeMs }] of Object.entries(before[part])) {
      expect(after[part][file]!.bytes, file).toBe(bytes);
      expect(Math.abs(after[part][file]!.mtimeMs - mtimeMs), file).toBeLessThan(2);
    }
  }
}

/** 1-based line of the first occurrence of `text` in the copy's file. */
async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await fs.readFile(path.join(copy, file), 'utf8')).split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  expect(i, `${text} in ${file}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** Processes whose working directory is inside the copy (tsc, conformance, Prism): Linux /proc. */
async function processesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await fs.readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd === dir || cwd.startsWith(`${dir}/`)) {
      found.push(`${pid} ${(await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ')}`);
    }
  }
  return found;
}

describe('npm run update', () => {
  it('a renamed response field the façade reads: red, names the provider line, tree unchanged', async () => {
    // Another vendor's output is stale: an update of qoder regenerates qoder alone and leaves it as it is.
    await fs.appendFile(path.join(copy, 'generated/ayra/schema.d.ts'), '// stale\n');
    const line = await lineOf('src/providers/qoder.ts', 'data.last_id');
    const before = await tree();
    const result = await updateWith((spec) => spec.replaceAll('last_id', 'next_id'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/~ GET \/agents: response 200: property last_id removed {2}BREAKING/);
    expect(result.stderr).toMatch(/list +GET \/agents +changed/);
    expect(result.stderr).toContain(
      `✗ src/providers/qoder.ts:${line}: TS2339: Property 'last_id' does not exist on type`,
    );
    expect(result.stderr).toMatch(/Type-check \(\d+ files qoder's change can reach\): failed/);
    expect(result.stderr).toMatch(/update: red in/);
    expect(result.stderr).toMatch(/specs\/ and generated\/ are as they were/);
    expectSameTree(await tree(), before);
    expect(await fs.readFile(path.join(copy, 'generated/ayra/schema.d.ts'), 'utf8')).toMatch(/\/\/ stale\n$/);
  }, 150_000);

  it('a field of a shared schema renamed: every operation reaching it changed, conformance red on it', async () => {
    const result = await updateWith((spec) => spec.replaceAll('archived_at', 'archivedAt'));
    expect(result.code).toBe(1);
    // Drift: the shared change once, with the operations that reach it.
    expect(result.stderr.match(/property archived_at removed {2}BREAKING/g)?.length).toBe(
      // once in the drift, once under each of the three operations
      4,
    );
    expect(result.stderr).toMatch(
      /~ GET \/agents: response 200\.data\[\]: property archived_at removed {2}BREAKING\n\s+in #\/components\/schemas\/Agent, also reached by GET \/agents\/\{agent_id\}, POST \/agents\/\{agent_id\}\/archive\n/,
    );
    // Impact: all three changed, each with the path from its own body to the field.
    expect(result.stderr).toMatch(
      /archive +POST \/agents\/\{agent_id\}\/archive +changed\n\s+response 200: property archived_at removed {2}BREAKING\n/,
    );
    expect(result.stderr).toMatch(
      /get +GET \/agents\/\{agent_id\} +changed\n\s+response 200: property archived_at removed {2}BREAKING\n/,
    );
    expect(result.stderr).toMatch(
      /list +GET \/agents +changed\n\s+response 200\.data\[\]: property archived_at removed {2}BREAKING\n/,
    );
    // Conformance fails on what the façade reads, not only the type-check.
    expect(result.stderr).toMatch(/Conformance \(qoder\): \d+ passed, 3 failed/);
    expect(result.stderr).toContain('semantic_conformance');
  }, 240_000);

  it('Ctrl-C while it runs: exit 130, tree as it was, no child left', async () => {
    const before = await tree();
    const source = path.join(copy, '..', `${path.basename(copy)}-qoder-int.yaml`);
    await fs.writeFile(source, original.replaceAll('last_id', 'next_id'));
    onTestFinished(() => fs.rm(source, { force: true }));
    const child = spawnScript('update.ts', ['qoder', source], copy, copy);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = new LineWaiter(child);
    // From here on specs/ and generated/ hold the change, and tsc and conformance are running.
    await lines.wait(/type-check and conformance running/, 60_000);
    expect((await tree()).specs['qoder/openapi.yaml']!.bytes).toContain('next_id');
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(lines.lines.join('\n')).toMatch(
      /update: qoder: interrupted \(SIGINT\); specs\/ and generated\/ are as they were/,
    );
    expectSameTree(await tree(), before);
    expect(await processesIn(copy)).toEqual([]);
  }, 150_000);

  it('our own errors are one line, and touch nothing', async () => {
    const before = await tree();
    const unknown = await runScript('update.ts', ['nosuch'], copy, copy);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    // The known vendors are the spec directories, so a new vendor needs no edit here.
    const known = (await fs.readdir(path.join(copy, 'specs'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
      .join(', ');
    expect(unknown.stderr).toBe(
      `update: unknown vendor 'nosuch' (known: ${known}) — usage: npm run update -- <vendor> [<url-or-file>] [--keep] [--full]\n`,
    );
    const missing = path.join(copy, '..', 'no-such-spec.yaml');
    const unreadable = await runScript('update.ts', ['qoder', missing], copy, copy);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toBe('');
    expect(unreadable.stderr).toBe(
      `update: qoder: ${missing}: cannot read (ENOENT) — check the path; specs/ and generated/ unchanged\n`,
    );
    // Another update running in this tree (a live pid holds the lock): refused before anything.
    const lockFile = path.join(copy, '.tmp', 'update.lock');
    await fs.mkdir(path.dirname(lockFile), { recursive: true });
    await fs.writeFile(lockFile, `${process.pid}\n`);
    onTestFinished(() => fs.rm(lockFile, { force: true }));
    const busy = await runScript('update.ts', ['qoder'], copy, copy);
    expect(busy.code).toBe(1);
    expect(busy.stdout).toBe('');
    expect(busy.stderr).toBe(
      `update: another update (pid ${process.pid}) is running in this tree — wait for it to finish (if no such process is an update, remove .tmp/update.lock)\n`,
    );
    expect(await fs.readFile(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    expectSameTree(await tree(), before);
  }, 60_000);

  it('a new operation: green, reported as new and not covered', async () => {
    const result = await updateWith((spec) => {
      const doc = parseYaml(spec, 'qoder') as { paths: Record<string, unknown> };
      doc.paths['/agents/{agent_id}/clone'] = {
        post: {
          operationId: 'cloneAgent',
          summary: 'Clone an agent',
          parameters: [{ name: 'agent_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The clone' } },
        },
      };
      return JSON.stringify(doc);
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\+ POST \/agents\/\{agent_id\}\/clone: new, not covered by the façade/);
    expect(result.stdout).toMatch(/Type-check \(\d+ files qoder's change can reach\): passed/);
    expect(result.stdout).toMatch(/Conformance \(qoder\): \d+ passed, 0 failed/);
    expect(result.stdout).toMatch(/update: green in/);
    expect(await fs.readFile(path.join(copy, 'generated/qoder/openapi.yaml'), 'utf8')).toContain('cloneAgent');
  }, 150_000);

  it('a deprecated bound operation: green, flagged', async () => {
    // A lock left by an update that was killed (its pid is gone) does not block the next one.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('close', resolve));
    const lockFile = path.join(copy, '.tmp', 'update.lock');
    await fs.mkdir(path.dirname(lockFile), { recursive: true });
    await fs.writeFile(lockFile, `${dead.pid}\n`);
    const result = await updateWith((spec) => {
      const doc = parseYaml(spec, 'qoder') as { paths: Record<string, Record<string, Record<string, unknown>>> };
      doc.paths['/agents/{agent_id}']!.get!.deprecated = true;
      return JSON.stringify(doc);
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/get +GET \/agents\/\{agent_id\} +deprecated upstream/);
    expect(result.stdout).toMatch(/archive +POST \/agents\/\{agent_id\}\/archive +unchanged/);
    await expect(fs.stat(lockFile)).rejects.toThrow(/ENOENT/);
  }, 150_000);

  it('a bound operation removed, with --keep: red, flagged gone, the change left in place', async () => {
    const saved = await snapshotTree([path.join(copy, 'specs'), path.join(copy, 'generated')]);
    onTestFinished(async () => {
      await saved.restore();
    });
    const result = await updateWith((spec) => {
      const doc = parseYaml(spec, 'qoder') as { paths: Record<string, Record<string, unknown>> };
      delete doc.paths['/agents/{agent_id}']!.get;
      return JSON.stringify(doc);
    }, '--keep');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/- GET \/agents\/\{agent_id\} \(getAgent\) {2}BREAKING/);
    expect(result.stderr).toMatch(/get +GET \/agents\/\{agent_id\} +gone/);
    expect(result.stderr).toMatch(/Façade: 1 bound operation\(s\) gone upstream/);
    expect(result.stderr).toMatch(/specs\/ and generated\/ keep the change \(--keep\)/);
    const kept = await fs.readFile(path.join(copy, 'generated/qoder/openapi.yaml'), 'utf8');
    expect(kept).not.toContain('operationId: getAgent');
    expect(kept).toContain('operationId: listAgents');
  }, 150_000);
});
