// The package's subpath entries follow the provider registry: a vendor added to src/providers/
// without its entry, build line, `exports` or `typesVersions` fails here, printing what to add.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { providers } from '../../src/index.js';
import { VENDORS } from '../hostile/helpers/vendors.js';

const vendors = Object.keys(providers);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const tsup = readFileSync('tsup.config.ts', 'utf8');

const exportFor = (v: string) => ({
  import: { types: `./dist/${v}.d.ts`, default: `./dist/${v}.js` },
  require: { types: `./dist/${v}.d.cts`, default: `./dist/${v}.cjs` },
});

describe('packaging follows the provider registry', () => {
  it('every vendor has its entry file src/<vendor>-client.ts', () => {
    const missing = vendors.filter((v) => !existsSync(`src/${v}-client.ts`));
    expect(missing, `add ${missing.map((v) => `src/${v}-client.ts (copy src/ayra-client.ts)`).join(', ')}`).toEqual([]);
  });

  it('package.json exports and typesVersions name every vendor, and only them', () => {
    const expectedExports = Object.fromEntries(vendors.map((v) => [`./${v}`, exportFor(v)]));
    const actualExports = Object.fromEntries(
      Object.entries(pkg.exports).filter(([k]) => k !== '.' && k !== './package.json'),
    );
    expect(actualExports, `package.json "exports" should hold:\n${JSON.stringify(expectedExports, null, 2)}`).toEqual(
      expectedExports,
    );
    const expectedTypes = Object.fromEntries(vendors.map((v) => [v, [`./dist/${v}.d.cts`]]));
    expect(
      pkg.typesVersions['*'],
      `package.json "typesVersions" should be:\n${JSON.stringify({ '*': expectedTypes }, null, 2)}`,
    ).toEqual(expectedTypes);
  });

  it('tsup builds one entry per provider file, and the provider files are the registry', () => {
    // tsup.config.ts derives its entries from src/providers/*.ts.
    expect(tsup).toContain("readdirSync('src/providers')");
    const files = readdirSync('src/providers')
      .filter((f) => f.endsWith('.ts') && f !== 'registry.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    expect(files, 'src/providers/registry.ts should import and list every src/providers/<vendor>.ts').toEqual(
      [...vendors].sort(),
    );
  });

  it('the hostile, fault and secrets suites cover every vendor', () => {
    expect(
      [...VENDORS].sort(),
      'add the vendor wire shapes to test/hostile/helpers/vendors.ts (VENDORS and its switches)',
    ).toEqual([...vendors].sort());
  });
});
