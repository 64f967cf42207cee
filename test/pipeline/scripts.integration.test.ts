// The real CLIs as subprocesses (node --import tsx), against temp workspaces only. Sequential:
// each process loads the TypeScript compiler, and parallel runs only contend for CPU.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LineWaiter,
  pagesVendor,
  runScript,
  smallestPages,
  spawnScript,
  specVendor,
  workspace,
} from '../helpers/workspace.js';

const dirs = (ws: { specs: string; out: string }) => ['--specs-dir', ws.specs, '--out-dir', ws.out];
const SLOW = 60_000;

describe('generate CLI', () => {
  it('--check exits 1 naming each missing file, then 0 once generated', { timeout: SLOW }, async () => {
    const ws = await workspace();
    await pagesVendor(ws);
    const stale = await runScript('generate.ts', [...dirs(ws), '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr.trim().split('\n')).toEqual([
      `generate: ${ws.out}/smallest/openapi.yaml is missing`,
      `generate: ${ws.out}/smallest/schema.d.ts is missing`,
      `generate: ${ws.out}/ does not match specs/ — run \`npm run generate\` and commit the result`,
    ]);
    const gen = await runScript('generate.ts', dirs(ws));
    expect(gen.code).toBe(0);
    expect(gen.stdout).toContain('smallest: new (2 operations) (wrote openapi.yaml, schema.d.ts)');
    const fresh = await runScript('generate.ts', [...dirs(ws), '--check']);
    expect(fresh).toMatchObject({ code: 0, stdout: `generate: ${ws.out}/ is up to date (2 files)\n`, stderr: '' });
  });

  it('a broken spec prints exactly one line, no stack, exit 1, writes nothing', { timeout: SLOW }, async () => {
    const ws = await workspace();
    const dir = await pagesVendor(ws);
    await fs.writeFile(
      path.join(dir, 'overlay.yaml'),
      'overlay: 1.0.0\nactions:\n  - target: $.info\n    update: {title: [x}\n',
    );
    const r = await runScript('generate.ts', dirs(ws));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^generate: \S+\/smallest\/overlay\.yaml:4:\d+: invalid YAML: .+ — fix the YAML syntax at that position\n$/,
    );
    await expect(fs.access(ws.out)).rejects.toThrow();
  });

  it('with several vendors, errors and stale files are still printed (vendors build concurrently)', {
    timeout: SLOW,
  }, async () => {
    const ws = await workspace();
    await pagesVendor(ws);
    const pets = await specVendor(ws, 'pets', 'petstore.yaml');
    expect((await runScript('generate.ts', dirs(ws))).code).toBe(0);
    await fs.appendFile(path.join(ws.out, 'pets', 'openapi.yaml'), '# hand edit\n');
    const stale = await runScript('generate.ts', [...dirs(ws), '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`generate: ${ws.out}/pets/openapi.yaml is stale`);
    await fs.appendFile(path.join(pets, 'openapi.yaml'), 'broken: [yaml\n');
    const broken = await runScript('generate.ts', dirs(ws));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^generate: \S+\/pets\/openapi\.yaml:\d+:\d+: invalid YAML: .+\n$/);
  });

  it('rejects unknown flags with one usage line', { timeout: SLOW }, async () => {
    const r = await runScript('generate.ts', ['--frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "generate: Unknown option '--frobnicate' — usage: npm run generate -- [--check | --watch] [--vendor <name>]... [--specs-dir <dir>] [--out-dir <dir>]\n",
    );
  });

  it('--watch regenerates on change, survives a broken spec, recovers on the fix', { timeout: SLOW }, async () => {
    const ws = await workspace();
    const dir = await pagesVendor(ws);
    const child = spawnScript('generate.ts', [...dirs(ws), '--watch']);
    const out = new LineWaiter(child);
    try {
      await out.wait(/^smallest: new \(2 operations\)/, 30_000);
      await out.wait(/^generate: watching .* for changes/);
      const overlay = path.join(dir, 'overlay.yaml');
      const good = await fs.readFile(overlay, 'utf8');
      await fs.writeFile(overlay, `${good}  - target: $.nope\n    remove: true\n    x-strict: true\n`);
      expect(await out.wait(/^generate: /)).toMatch(
        /overlay\.yaml:\d+: action #4 target \$\.nope matched nothing \(x-strict\)/,
      );
      expect(child.exitCode).toBe(null);
      await fs.writeFile(
        overlay,
        `${good}  - target: "$.paths['/agent/{id}/archive'].delete.responses"\n    update: {'429': {description: Too many requests}}\n`,
      );
      await out.wait(/^smallest: 1 API change \(wrote openapi\.yaml, schema\.d\.ts\)$/);
      expect(await out.wait(/^ {2}[+-~] /)).toBe('  + DELETE /agent/{id}/archive: response 429');
      expect(await fs.readFile(path.join(ws.out, 'smallest', 'openapi.yaml'), 'utf8')).toContain("'429':");
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));
    expect(code).toBe(0);
  });
});

describe('specs:pull and lint:specs CLIs', () => {
  it('specs:pull saves a local page and regenerates; bad usage is one line', { timeout: SLOW }, async () => {
    const ws = await workspace();
    const dir = await pagesVendor(ws);
    await fs.rm(path.join(dir, 'pages', '004_discard-a-draft.md'));
    const r = await runScript('specs-pull.ts', [
      'smallest',
      path.join(smallestPages, '004_discard-a-draft.md'),
      ...dirs(ws),
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `specs:pull: saved ${dir}/pages/004_discard-a-draft.md (doc page)`,
      'smallest: new (2 operations) (wrote openapi.yaml, schema.d.ts)',
    ]);
    const usage = await runScript('specs-pull.ts', ['smallest']);
    expect(usage).toMatchObject({
      code: 1,
      stderr:
        'specs:pull: expected a vendor and a URL or file — usage: npm run specs:pull -- <vendor> <url-or-file> [--specs-dir <dir>] [--out-dir <dir>]\n',
    });
  });

  it('lint:specs prints a per-vendor summary and exits 1 on errors', { timeout: SLOW }, async () => {
    const ws = await workspace();
    await specVendor(ws, 'pets', 'petstore.yaml');
    const r = await runScript('lint-specs.ts', dirs(ws));
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('pets: 2 errors, 2 warnings');
    expect(r.stderr).toBe(
      "lint:specs: 1 vendor spec with errors — fix them in specs/ (overlay.yaml for page-based vendors) and rerun; for a vendor's own published spec, record its findings with --update-baseline <vendor>\n",
    );
  });

  it('lint:specs: a published spec in the baseline reports defects, only new ones listed, never a wall', {
    timeout: SLOW,
  }, async () => {
    const ws = await workspace();
    const dir = await specVendor(ws, 'pets', 'petstore.yaml');
    const baseline = path.join(ws.root, 'lint-baseline.json');
    const args = [...dirs(ws), '--baseline', baseline];
    const first = await runScript('lint-specs.ts', [...args, '--update-baseline', 'pets']);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe(
      'pets: vendor spec defects (published spec, not a failure): 2 errors, 2 warnings; 4 known, 0 new',
    );
    expect(JSON.parse(await fs.readFile(baseline, 'utf8')).vendors.pets).toContain(
      'security-defined #/paths/~1pets~1{pet_id}/get',
    );
    // The vendor's next version has one more finding: it is news, still not a failure.
    const spec = path.join(dir, 'openapi.yaml');
    await fs.writeFile(spec, (await fs.readFile(spec, 'utf8')).replace(/\n\s*description: [^\n]*\n/, '\n'));
    const next = await runScript('lint-specs.ts', args);
    expect(next.code).toBe(0);
    const lines = next.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^pets: vendor spec defects \(published spec, not a failure\): .*; \d+ known, [1-9]\d* new/,
    );
    expect(lines.slice(1).filter((l) => l.endsWith('NEW')).length).toBeGreaterThan(0);
  });
});
