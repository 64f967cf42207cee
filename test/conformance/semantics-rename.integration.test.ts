// The rename of issue 22: Qoder renames `Agent.archived_at` to `archivedAt` in its spec and examples,
// and our provider still reads `archived_at`. Statuses, content types and schemas all still pass;
// semantic_conformance must fail get, archive and list, naming the field, the example and both values.
// The unchanged spec, through the same cases and the same mock, passes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PrismServer, startPrism } from '../../conformance/harness/prism.js';
import { buildCases } from '../../conformance/suite/cases.js';
import type { CaseResult, VendorContext } from '../../conformance/suite/context.js';
import { runCase } from '../../conformance/suite/execute.js';
import { type OpenApiDocument, specPath } from '../../conformance/suite/spec.js';
import { providerModules, providers } from '../../src/providers/registry.js';

const original = readFileSync(specPath('qoder'), 'utf8');
const renamed = original.replaceAll('archived_at', 'archivedAt');
const dir = mkdtempSync(join(tmpdir(), 'semantics-rename-'));
const servers: Record<'original' | 'renamed', PrismServer | undefined> = { original: undefined, renamed: undefined };

beforeAll(async () => {
  const start = async (name: 'original' | 'renamed', text: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, text);
    servers[name] = await startPrism({ name: `qoder-${name}`, spec: file });
  };
  await Promise.all([start('original', original), start('renamed', renamed)]);
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** Every 200 case of the façade's operations, run against one of the two mocks. */
async function run200s(name: 'original' | 'renamed', text: string): Promise<Map<string, CaseResult>> {
  const doc = yaml.load(text) as OpenApiDocument;
  const ctx: VendorContext = {
    vendor: 'qoder',
    provider: providers.qoder,
    semantics: providerModules.qoder.semantics,
    doc,
    baseUrl: servers[name]!.url,
    mode: 'mock',
    apiKey: 'k',
  };
  const cases = buildCases('qoder', doc, providers.qoder.operations).filter(
    (c) => c.kind === 'status' && c.status === '200',
  );
  const results = new Map<string, CaseResult>();
  for (const c of cases) results.set(c.facadeMethods.join(','), await runCase(c, ctx));
  return results;
}

describe('a renamed field fails semantic conformance', () => {
  test('the unchanged spec passes every check of get, archive and list', async () => {
    const results = await run200s('original', original);
    expect([...results.keys()].sort()).toEqual(['archive', 'get', 'list']);
    for (const result of results.values()) {
      expect(result.checks.semantic_conformance).toEqual({ ok: true });
      expect(result.outcome).toBe('passed');
    }
  }, 30_000);

  test('the renamed spec fails get, archive and list on archivedAt, and only that check', async () => {
    const results = await run200s('renamed', renamed);
    const example = 'generated/qoder/openapi.yaml#/components/examples/ArchivedAgent/value';
    for (const method of ['get', 'archive', 'list']) {
      const result = results.get(method)!;
      expect(result.outcome, method).toBe('failed');
      // Every other check still passes: the schema, statuses and content types say nothing.
      const failing = Object.entries(result.checks).filter(([, v]) => v.ok === false);
      expect(failing.map(([name]) => name)).toEqual(['semantic_conformance']);
      const detail = (result.checks.semantic_conformance as { detail: string }).detail;
      expect(detail).toContain('archivedAt: the example has no "archived_at"');
      expect(detail).toContain('the façade returned null');
    }
    expect((results.get('get')!.checks.semantic_conformance as { detail: string }).detail).toContain(example);
    expect((results.get('archive')!.checks.semantic_conformance as { detail: string }).detail).toContain(example);
    // The list's archived agent sits in its own example, item 0.
    expect((results.get('list')!.checks.semantic_conformance as { detail: string }).detail).toContain(
      'generated/qoder/openapi.yaml#/components/examples/AgentListPage/value/data/0',
    );
  }, 30_000);
});
