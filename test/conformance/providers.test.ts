// Where conformance finds a vendor's semantics: its provider module's `semantics` export (the
// registry's modules, or a fixture file's), else a custom definition's `semantics` field; a vendor
// without a provider has none. The definitions themselves no longer carry them, so apps do not ship them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { conformanceProvider } from '../../conformance/harness/providers.js';
import * as qoder from '../../src/providers/qoder.js';
import { providers } from '../../src/providers/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'conformance-providers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vocalisFile = resolve('test/fixtures/vocalis/provider.ts');

describe('a vendor’s semantics come from its provider module', () => {
  test('a registered vendor: the module’s export; its definition has none', async () => {
    const found = await conformanceProvider('qoder', []);
    expect(found.definition).toBe(providers.qoder);
    expect(found.semantics).toBe(qoder.semantics);
    expect('semantics' in providers.qoder).toBe(false);
  });

  test('a fixture provider module exports them the same way', async () => {
    const found = await conformanceProvider('vocalis', [vocalisFile]);
    const vocalis = await import('../fixtures/vocalis/provider.js');
    expect(found).toMatchObject({ facade: true, definition: vocalis.provider, semantics: vocalis.semantics });
  });

  test('a custom definition’s own `semantics` field still counts; the export wins over it', async () => {
    const semantics = { agent: { id: 'id', name: 'name', archived: false, archivedAt: null } };
    const fieldOnly = join(dir, 'field-only.mjs');
    writeFileSync(
      fieldOnly,
      `export const provider = { name: 'fieldonly', defaultBaseUrl: 'http://127.0.0.1', operations: {}, parseError: () => ({}), semantics: ${JSON.stringify(semantics)} };\n`,
    );
    const both = join(dir, 'both.mjs');
    writeFileSync(
      both,
      `export const provider = { name: 'both', defaultBaseUrl: 'http://127.0.0.1', operations: {}, parseError: () => ({}), semantics: { agent: { id: 'old', name: 'old', archived: false, archivedAt: null } } };\nexport const semantics = ${JSON.stringify(semantics)};\n`,
    );
    expect((await conformanceProvider('fieldonly', [fieldOnly])).semantics).toEqual(semantics);
    expect((await conformanceProvider('both', [both])).semantics).toEqual(semantics);
  });

  test('a spec without a provider has none', async () => {
    expect(await conformanceProvider('widgets', [])).toMatchObject({ facade: false, semantics: undefined });
  });
});
