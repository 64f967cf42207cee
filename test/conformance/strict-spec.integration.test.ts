// `--strict-spec` end to end: a copy of our built Qoder spec whose list example breaks its own schema
// runs through the real `npm run conformance` entry against Prism. Without our authorship marker it
// reads as Qoder's published spec (a vendor spec defect): by default the defect is listed with its
// location and the run passes; with --strict-spec the same run fails. With the marker (the spec is
// ours, as it really is) the same defect is our failure, located, whatever the flag.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../conformance/harness/settings.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MARKER = /^ {2}x-authored-by: agent-lifecycle\n/m;
/** Generated dirs holding the broken copy: `vendor` without our marker, `ours` with it. */
const generated = { vendor: '', ours: '' };

beforeAll(async () => {
  const text = await fs.readFile(path.join(ROOT, 'generated/qoder/openapi.yaml'), 'utf8');
  // The first-page example's has_more becomes a string: the example no longer fits AgentList.
  const broken = text.replace(/(AgentListFirstPage:[\s\S]*?has_more: )true/, '$1"yes"');
  expect(broken).not.toBe(text);
  expect(broken).toMatch(MARKER);
  for (const author of ['vendor', 'ours'] as const) {
    generated[author] = await fs.mkdtemp(path.join(os.tmpdir(), `al-strict-${author}-`));
    await fs.cp(path.join(ROOT, 'generated/qoder'), path.join(generated[author], 'qoder'), { recursive: true });
    const spec = path.join(generated[author], 'qoder/openapi.yaml');
    await fs.writeFile(spec, author === 'ours' ? broken : broken.replace(MARKER, ''));
  }
});

afterAll(async () => {
  for (const dir of Object.values(generated)) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

function conformance(...flags: string[]): Promise<{ code: number | null; out: string }> {
  return conformanceOf(generated.vendor, ...flags);
}

function conformanceOf(dir: string, ...flags: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'conformance/run.ts', '--vendor', 'qoder', ...flags], {
      cwd: ROOT,
      env: { ...process.env, [ENV.generatedDir]: dir, COLUMNS: '120', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('--strict-spec', () => {
  it('a vendor spec defect is listed with its location and does not fail the run by default', async () => {
    const run = await conformance();
    // Two places show the one broken example: the examples check, and the mock serving it to listAgents.
    expect(run.out).toMatch(/vendor spec defects: 2 \(not failing\)/);
    expect(run.out).toMatch(
      /generated\/qoder\/openapi\.yaml#\/paths\/~1agents\/get\/responses\/200\/.*examples\/moreAfter/,
    );
    expect(run.out).toMatch(/^\d+ passed, 0 failed$/m);
    expect(run.code).toBe(0);
  }, 120_000);

  it('with --strict-spec the same defect fails the run', async () => {
    const run = await conformance('--strict-spec');
    expect(run.out).toMatch(/vendor spec defects: 2 \(failing, --strict-spec\)/);
    expect(run.code).not.toBe(0);
  }, 120_000);

  it('the same defect in our own spec fails the run without the flag, located and named as ours', async () => {
    const run = await conformanceOf(generated.ours);
    expect(run.out).not.toMatch(/vendor spec defects:/);
    expect(run.out).toMatch(/^qoder examples examples_valid: defect in our spec:/m);
    expect(run.out).toMatch(
      /^qoder listAgents 200 response_schema_conformance: list\[moreAfter\]: defect in our spec:/m,
    );
    // Each failure lists the place to fix, in full (the pointer is never cut).
    const at = /defect in our spec at\s+generated\/qoder\/openapi\.yaml#(\S+)/g;
    expect([...run.out.matchAll(at)].map((m) => m[1])).toEqual([
      '/paths/~1agents/get/responses/200/content/application~1json/examples/moreAfter',
      '/paths/~1agents/get/responses/200/content/application~1json/examples/moreAfter',
    ]);
    expect(run.out).toMatch(/^\d+ passed, 2 failed$/m);
    expect(run.code).not.toBe(0);
  }, 120_000);
});
