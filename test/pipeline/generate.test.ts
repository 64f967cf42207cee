// In-process runs of the generator against temp workspaces.
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generate } from '../../scripts/pipeline/generation.js';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { syntheticSpecYaml } from '../fixtures/synthetic-spec.js';
import { pagesVendor, snapshotDir, specVendor, type Workspace, workspace } from '../helpers/workspace.js';

async function failure(ws: Workspace): Promise<string> {
  try {
    await generate({ specsDir: ws.specs, outDir: ws.out });
  } catch (e) {
    return formatError('generate', e);
  }
  throw new Error('expected generate to fail');
}

describe('generate', () => {
  it('builds pages + overlay and a full spec with external $refs; output is valid YAML and types', async () => {
    const ws = await workspace();
    await pagesVendor(ws);
    await specVendor(ws, 'pets', 'petstore.yaml');
    const r = await generate({ specsDir: ws.specs, outDir: ws.out });
    expect(r.lines).toEqual([
      'pets: new (1 operation) (wrote openapi.yaml, schema.d.ts)',
      'smallest: new (2 operations) (wrote openapi.yaml, schema.d.ts)',
      expect.stringMatching(/^generate: 4 written, 0 unchanged, 0 removed in [\d.]+s$/),
    ]);
    const smallest = await fs.readFile(path.join(ws.out, 'smallest', 'openapi.yaml'), 'utf8');
    expect(smallest.split('\n')[0]).toMatch(/^# Generated .* do not edit\.$/);
    const doc = yaml.load(smallest) as any;
    expect(doc.security).toEqual([{ BearerAuth: [] }]);
    expect(JSON.stringify(doc.paths)).not.toContain('Authorization');
    const pets = yaml.load(await fs.readFile(path.join(ws.out, 'pets', 'openapi.yaml'), 'utf8')) as any;
    // External file ref bundled into components; internal refs kept as refs.
    expect(pets.paths['/pets/{pet_id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/pet',
    });
    expect(pets.components.schemas.pet.required).toEqual(['id']);
    const types = await fs.readFile(path.join(ws.out, 'smallest', 'schema.d.ts'), 'utf8');
    expect(types).toContain('"delete-agent": {');
    expect(types).toContain('export interface operations');
  });

  it('rewrites nothing when inputs are unchanged (bytes and mtimes equal)', async () => {
    const ws = await workspace();
    await pagesVendor(ws);
    await generate({ specsDir: ws.specs, outDir: ws.out });
    const before = await snapshotDir(ws.out);
    const r = await generate({ specsDir: ws.specs, outDir: ws.out });
    expect(r.lines[0]).toBe('smallest: unchanged');
    expect(await snapshotDir(ws.out)).toEqual(before);
  });

  it('check mode: fresh, stale, missing and extra files, writing nothing', async () => {
    const ws = await workspace();
    await pagesVendor(ws);
    expect((await generate({ specsDir: ws.specs, outDir: ws.out, check: true })).lines).toEqual([
      `generate: ${ws.out}/smallest/openapi.yaml is missing`,
      `generate: ${ws.out}/smallest/schema.d.ts is missing`,
      `generate: ${ws.out}/ does not match specs/ — run \`npm run generate\` and commit the result`,
    ]);
    await expect(fs.access(ws.out)).rejects.toThrow();
    await generate({ specsDir: ws.specs, outDir: ws.out });
    expect(await generate({ specsDir: ws.specs, outDir: ws.out, check: true })).toEqual({
      ok: true,
      lines: [`generate: ${ws.out}/ is up to date (2 files)`],
    });
    await fs.appendFile(path.join(ws.out, 'smallest', 'schema.d.ts'), '// edited\n');
    await fs.mkdir(path.join(ws.out, 'gone'));
    await fs.writeFile(path.join(ws.out, 'gone', 'openapi.yaml'), 'x');
    const before = await snapshotDir(ws.out);
    const r = await generate({ specsDir: ws.specs, outDir: ws.out, check: true });
    expect(r.ok).toBe(false);
    expect(r.lines.slice(0, 2)).toEqual([
      `generate: ${ws.out}/smallest/schema.d.ts is stale`,
      `generate: ${ws.out}/gone/openapi.yaml is extra (no matching specs/ vendor)`,
    ]);
    expect(await snapshotDir(ws.out)).toEqual(before);
    // A real run repairs and removes the extra vendor's file.
    await generate({ specsDir: ws.specs, outDir: ws.out });
    expect((await generate({ specsDir: ws.specs, outDir: ws.out, check: true })).ok).toBe(true);
    await expect(fs.access(path.join(ws.out, 'gone'))).rejects.toThrow();
  });

  it('reports drift against the previous generated spec', async () => {
    const ws = await workspace();
    const dir = await pagesVendor(ws);
    await generate({ specsDir: ws.specs, outDir: ws.out });
    await fs.appendFile(
      path.join(dir, 'overlay.yaml'),
      [
        '  - target: "$.paths[\'/agent/{id}/archive\'].delete"',
        '    update:',
        '      parameters: [{name: reason, in: query, required: true, schema: {type: string}}]',
        "  - target: \"$.paths['/agent/{id}/drafts/{draftId}'].delete.responses['403']\"",
        '    remove: true',
        '',
      ].join('\n'),
    );
    const r = await generate({ specsDir: ws.specs, outDir: ws.out });
    expect(r.lines.slice(0, 3)).toEqual([
      'smallest: 2 API changes, 2 BREAKING (wrote openapi.yaml, schema.d.ts)',
      '  + DELETE /agent/{id}/archive: required query parameter reason  BREAKING',
      '  - DELETE /agent/{id}/drafts/{draftId}: response 403  BREAKING',
    ]);
  });

  it('a full spec takes precedence over pages, and the overlay still applies', async () => {
    const ws = await workspace();
    const dir = await pagesVendor(ws);
    await fs.copyFile(path.join(import.meta.dirname, 'fixtures', 'petstore.yaml'), path.join(dir, 'openapi.yaml'));
    await fs.cp(path.join(import.meta.dirname, 'fixtures', 'schemas'), path.join(dir, 'schemas'), { recursive: true });
    await fs.writeFile(
      path.join(dir, 'overlay.yaml'),
      'overlay: 1.0.0\ninfo: {title: t, version: "1"}\nactions:\n  - target: $.info\n    update: {title: overlaid}\n',
    );
    const r = await generate({ specsDir: ws.specs, outDir: ws.out });
    expect(r.lines[0]).toBe('smallest: note: using openapi.yaml; pages/ ignored (a full spec takes precedence)');
    const doc = yaml.load(await fs.readFile(path.join(ws.out, 'smallest', 'openapi.yaml'), 'utf8')) as any;
    expect(Object.keys(doc.paths)).toEqual(['/pets/{pet_id}']);
    expect(doc.info.title).toBe('overlaid');
  });

  describe('broken inputs fail with one line and leave generated/ untouched', () => {
    async function brokenAfterGood(breakIt: (ws: Workspace, dir: string) => Promise<void>): Promise<string> {
      const ws = await workspace();
      const dir = await pagesVendor(ws);
      await specVendor(ws, 'pets', 'petstore.yaml');
      await generate({ specsDir: ws.specs, outDir: ws.out });
      const before = await snapshotDir(ws.out);
      await breakIt(ws, dir);
      const line = await failure(ws);
      expect(await snapshotDir(ws.out)).toEqual(before);
      expect(line).not.toContain('\n');
      return line.replaceAll(ws.specs, 'SPECS');
    }

    it('bad YAML in a page: the page, line and column in the page', async () => {
      const line = await brokenAfterGood(async (_ws, dir) => {
        const file = path.join(dir, 'pages', '004_discard-a-draft.md');
        const page = await fs.readFile(file, 'utf8');
        await fs.writeFile(
          file,
          page.replace('      summary: Discard a draft\n', '      summary: Discard a draft\n     bad: [\n'),
        );
      });
      // Line 26 of the page: the block starts at line 19 and the error is at its 8th line.
      expect(line).toMatch(
        /^generate: SPECS\/smallest\/pages\/004_discard-a-draft\.md:2[67]:\d+: invalid YAML: .* — fix the YAML syntax at that position$/,
      );
    });

    it('bad YAML in a full spec: file:line:col', async () => {
      const line = await brokenAfterGood(async (ws) => {
        await fs.writeFile(
          path.join(ws.specs, 'pets', 'openapi.yaml'),
          'openapi: 3.1.0\ninfo:\n  title: x\n  version: [1\n',
        );
      });
      expect(line).toMatch(/^generate: SPECS\/pets\/openapi\.yaml:5:1: invalid YAML: unexpected end of the stream/);
    });

    it('a dangling $ref names the file and line that holds it', async () => {
      const line = await brokenAfterGood(async (ws) => {
        const file = path.join(ws.specs, 'pets', 'openapi.yaml');
        await fs.writeFile(
          file,
          (await fs.readFile(file, 'utf8')).replace(
            "$ref: './schemas/pet.yaml'",
            "$ref: '#/components/schemas/Missing'",
          ),
        );
      });
      expect(line).toBe(
        'generate: SPECS/pets/openapi.yaml:23:24: $ref #/components/schemas/Missing does not resolve — define the target (e.g. under components) or fix the reference, or correct it in overlay.yaml',
      );
    });

    it('a dangling external $ref (missing file)', async () => {
      const line = await brokenAfterGood(async (ws) => {
        await fs.rm(path.join(ws.specs, 'pets', 'schemas', 'pet.yaml'));
      });
      expect(line).toMatch(
        /^generate: SPECS\/pets\/openapi\.yaml:23:24: \$ref \.\/schemas\/pet\.yaml does not resolve/,
      );
    });

    it('a strict overlay target that matches nothing', async () => {
      const line = await brokenAfterGood(async (_ws, dir) => {
        await fs.appendFile(
          path.join(dir, 'overlay.yaml'),
          '  - target: "$.paths[\'/agents\'].get"\n    remove: true\n    x-strict: true\n',
        );
      });
      expect(line).toBe(
        "generate: SPECS/smallest/overlay.yaml:20: action #4 target $.paths['/agents'].get matched nothing (x-strict) — fix the JSONPath (the vendor may have renamed something) or drop the action",
      );
    });

    it('a merge conflict between pages', async () => {
      const line = await brokenAfterGood(async (_ws, dir) => {
        const src = path.join(dir, 'pages', '000_archive-or-unarchive-agent.md');
        const page = await fs.readFile(src, 'utf8');
        await fs.writeFile(
          path.join(dir, 'pages', '010_copy.md'),
          page.replace('Human-readable outcome message\n      title', 'Changed\n      title'),
        );
      });
      expect(line).toContain('010_copy.md:');
      expect(line).toContain('differs between 000_archive-or-unarchive-agent.md and 010_copy.md');
    });
  });

  it('generates a 66-operation, 15,000-line spec quickly', async () => {
    const ws = await workspace();
    const text = syntheticSpecYaml({ operations: 66 });
    expect(text.split('\n').length).toBeGreaterThanOrEqual(15_000);
    await fs.mkdir(path.join(ws.specs, 'big'));
    await fs.writeFile(path.join(ws.specs, 'big', 'openapi.yaml'), text);
    const t = performance.now();
    const r = await generate({ specsDir: ws.specs, outDir: ws.out });
    const ms = performance.now() - t;
    expect(r.lines[0]).toBe('big: new (66 operations) (wrote openapi.yaml, schema.d.ts)');
    const types = await fs.readFile(path.join(ws.out, 'big', 'schema.d.ts'), 'utf8');
    expect(types.match(/"op-\d+": \{/g)).toHaveLength(66);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('package wiring from src/providers/*.ts', () => {
  async function tree(ws: Workspace, vendors: string[]): Promise<string> {
    const root = path.join(ws.root, 'tree');
    await fs.mkdir(path.join(root, 'src', 'providers'), { recursive: true });
    for (const v of vendors) await fs.writeFile(path.join(root, 'src', 'providers', `${v}.ts`), '');
    const pkg = { name: 'x', exports: { '.': './dist/index.js', './old': './dist/old.js' }, scripts: {} };
    await fs.writeFile(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    return root;
  }

  it('--check names what is stale in one line; a run writes it; a removed provider loses its entry', async () => {
    const ws = await workspace();
    await pagesVendor(ws);
    await generate({ specsDir: ws.specs, outDir: ws.out });
    const root = await tree(ws, ['acme', 'zeta']);
    await fs.writeFile(path.join(root, 'src', 'old-client.ts'), '');

    const stale = await generate({ specsDir: ws.specs, outDir: ws.out, root, check: true });
    expect(stale).toEqual({
      ok: false,
      lines: [
        'generate: package.json, src/providers/registry.ts, src/acme-client.ts, src/zeta-client.ts, ' +
          'src/old-client.ts (no provider) not derived from src/providers/*.ts — run `npm run generate` and commit the result',
      ],
    });

    const run = await generate({ specsDir: ws.specs, outDir: ws.out, root });
    expect(run.lines).toContain(
      'generate: wrote package.json, src/providers/registry.ts, src/acme-client.ts, src/zeta-client.ts, ' +
        'src/old-client.ts (no provider) (from src/providers/*.ts)',
    );
    expect(await fs.readFile(path.join(root, 'src', 'providers', 'registry.ts'), 'utf8')).toContain(
      'export const providers = { acme: acme.provider, zeta: zeta.provider };',
    );
    expect(await fs.readFile(path.join(root, 'src', 'zeta-client.ts'), 'utf8')).toContain('createZetaClient');
    await expect(fs.access(path.join(root, 'src', 'old-client.ts'))).rejects.toThrow();
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports)).toEqual(['.', './bulk', './acme', './zeta', './package.json']);
    expect(Object.keys(pkg)).toEqual(['name', 'exports', 'scripts', 'typesVersions']);
    expect((await generate({ specsDir: ws.specs, outDir: ws.out, root, check: true })).ok).toBe(true);

    await fs.rm(path.join(root, 'src', 'providers', 'zeta.ts'));
    await generate({ specsDir: ws.specs, outDir: ws.out, root });
    await expect(fs.access(path.join(root, 'src', 'zeta-client.ts'))).rejects.toThrow();
    expect(Object.keys(JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')).exports)).toEqual([
      '.',
      './bulk',
      './acme',
      './package.json',
    ]);
  });
});
