// The package's wiring is derived from the provider files by `npm run generate` (scripts/pipeline/
// wiring.ts): the registry, one subpath entry per vendor, package.json `exports` and `typesVersions`.
// A provider file added or removed without regenerating fails here, naming the fix.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffWiring, entryFile, packageJson, registryFile, wiringPlan } from '../../scripts/pipeline/wiring.js';
import { providers } from '../../src/index.js';

const vendors = Object.keys(providers);

describe('packaging follows the provider files', () => {
  it('registry, entries and package.json are what `npm run generate` derives', async () => {
    const diff = await diffWiring('.', await wiringPlan('.'));
    const changed = [...diff.stale, ...diff.missing, ...diff.extra];
    expect(changed, 'run `npm run generate` and commit the result').toEqual([]);
  });

  it('the registry holds exactly the provider files', () => {
    const files = readdirSync('src/providers')
      .filter((f) => f.endsWith('.ts') && f !== 'registry.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    expect([...vendors].sort()).toEqual(files);
  });

  it('tsup builds one entry per provider file', () => {
    expect(readFileSync('tsup.config.ts', 'utf8')).toContain("readdirSync('src/providers')");
  });

  it('a new provider file gets its registry member, entry and exports; one gone loses them', () => {
    const registry = registryFile(['ayra', 'eleven-labs', 'zeta']);
    expect(registry).toContain("import * as elevenLabs from './eleven-labs.js';");
    expect(registry).toContain(
      "export const providers = { ayra: ayra.provider, 'eleven-labs': elevenLabs.provider, zeta: zeta.provider };",
    );
    expect(registry).toContain("export const providerModules = { ayra, 'eleven-labs': elevenLabs, zeta };");
    expect(entryFile('eleven-labs')).toContain(
      'export function createElevenLabsClient(options: ClientOptionsBase): ElevenLabsClient {',
    );
    expect(entryFile('zeta')).toContain("import { provider } from './providers/zeta.js';");

    const pkg = JSON.parse(packageJson(readFileSync('package.json', 'utf8'), ['zeta']));
    expect(Object.keys(pkg.exports)).toEqual(['.', './bulk', './zeta', './package.json']);
    expect(pkg.exports['./zeta']).toEqual({
      import: { types: './dist/zeta.d.ts', default: './dist/zeta.js' },
      require: { types: './dist/zeta.d.cts', default: './dist/zeta.cjs' },
    });
    expect(pkg.typesVersions).toEqual({ '*': { bulk: ['./dist/bulk.d.cts'], zeta: ['./dist/zeta.d.cts'] } });
    // Everything else in package.json stays where it was.
    expect(Object.keys(pkg)).toEqual(Object.keys(JSON.parse(readFileSync('package.json', 'utf8'))));
  });
});
