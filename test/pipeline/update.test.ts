// `npm run update` on a copy of the repository (never the real one), with three vendor changes to our
// Qoder spec: a renamed response field the façade reads (red, names the provider line, tree
// unchanged), a new operation (green, reported as new and not covered), a deprecated bound operation
// (green, flagged).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../scripts/pipeline/yaml.js';
import { repoRoot, runScript, snapshotDir } from './workspace.js';

let copy: string;
let original: string;

const SKIPPED = /^(node_modules|\.git|dist|reports|coverage)$/;

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

describe('npm run update', () => {
  it('a renamed response field the façade reads: red, names the provider line, tree unchanged', async () => {
    const before = await tree();
    const result = await updateWith((spec) => spec.replaceAll('last_id', 'next_id'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/~ GET \/agents: response 200: property last_id removed {2}BREAKING/);
    expect(result.stderr).toMatch(/list +GET \/agents +changed/);
    expect(result.stderr).toMatch(
      /✗ src\/providers\/qoder\.ts:\d+: TS2339: Property 'last_id' does not exist .*\(no longer compiles\)/,
    );
    expect(result.stderr).toMatch(/Type-check: failed/);
    expect(result.stderr).toMatch(/specs\/qoder and generated\/qoder are as they were/);
    // Same bytes, and the same mtimes (to the millisecond: the file system keeps no finer copy).
    const after = await tree();
    for (const part of ['specs', 'generated'] as const) {
      expect(Object.keys(after[part])).toEqual(Object.keys(before[part]));
      for (const [file, { bytes, mtimeMs }] of Object.entries(before[part])) {
        expect(after[part][file]!.bytes, file).toBe(bytes);
        expect(Math.abs(after[part][file]!.mtimeMs - mtimeMs), file).toBeLessThan(2);
      }
    }
  }, 150_000);

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
    expect(result.stdout).toMatch(/Type-check: passed/);
    expect(result.stdout).toMatch(/Conformance \(qoder\): \d+ passed, 0 failed/);
    expect(result.stdout).toMatch(/update: green in/);
    expect(await fs.readFile(path.join(copy, 'generated/qoder/openapi.yaml'), 'utf8')).toContain('cloneAgent');
  }, 150_000);

  it('a deprecated bound operation: green, flagged', async () => {
    const result = await updateWith((spec) => {
      const doc = parseYaml(spec, 'qoder') as { paths: Record<string, Record<string, Record<string, unknown>>> };
      doc.paths['/agents/{agent_id}']!.get!.deprecated = true;
      return JSON.stringify(doc);
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/get +GET \/agents\/\{agent_id\} +deprecated upstream/);
    expect(result.stdout).toMatch(/archive +POST \/agents\/\{agent_id\}\/archive +unchanged/);
  }, 150_000);
});
