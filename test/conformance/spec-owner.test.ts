// A spec defect is its author's. A spec we wrote says so (`info.x-authored-by: agent-lifecycle`): a
// broken example in it is our failure, failing the run, located at the example and worded as our
// spec's. The same spec without the marker is a vendor's published spec: the defect is the vendor's.
// A loopback server plays Prism: asked for no example, it answers the media type's first named example.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawOnlyProvider } from '../../conformance/harness/providers.js';
import { buildCases } from '../../conformance/suite/cases.js';
import type { VendorContext } from '../../conformance/suite/context.js';
import { runCase } from '../../conformance/suite/execute.js';
import { failsRun } from '../../conformance/suite/outcome.js';
import { loadSpec, type OpenApiDocument, specAuthor, specPath } from '../../conformance/suite/spec.js';

const FILE = 'generated/widgets/openapi.yaml';
const MEDIA = '/paths/~1widgets~1{id}/get/responses/200/content/application~1json';
const BROKEN = `${MEDIA}/examples/nameIsANumber`;

const ours = (): OpenApiDocument =>
  yaml.load(readFileSync(new URL('./fixtures/authored-by-us.yaml', import.meta.url), 'utf8')) as OpenApiDocument;
/** The same spec as a vendor would publish it: no marker. */
const vendors = (): OpenApiDocument => {
  const doc = ours();
  delete doc.info['x-authored-by'];
  return doc;
};

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  const body = JSON.stringify(
    ours().paths['/widgets/{id}'].get.responses['200'].content['application/json'].examples.nameIsANumber.value,
  );
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function run(doc: OpenApiDocument, id: string) {
  const ctx: VendorContext = {
    vendor: 'widgets',
    provider: rawOnlyProvider('widgets'),
    semantics: undefined,
    doc,
    baseUrl,
    mode: 'mock',
    apiKey: 'conformance-mock-key',
  };
  const c = buildCases('widgets', doc, {}).find((x) => x.id === `widgets ${id}`)!;
  return runCase(c, ctx);
}

describe('who wrote the spec', () => {
  test('info.x-authored-by: agent-lifecycle is ours; no marker, or another author, is the vendor', () => {
    expect(specAuthor(ours())).toBe('ours');
    expect(specAuthor(vendors())).toBe('vendor');
    const other = ours();
    other.info['x-authored-by'] = 'Widgets Inc.';
    expect(specAuthor(other)).toBe('vendor');
  });

  test('our hand-authored specs carry the marker; the published one does not', () => {
    expect(specAuthor(loadSpec(specPath('qoder')))).toBe('ours');
    expect(specAuthor(loadSpec(specPath('ayra')))).toBe('ours');
    expect(specAuthor(loadSpec(specPath('smallest')))).toBe('vendor');
  });
});

describe('a broken example in our spec is our failure, located', () => {
  test('the examples case: failed, owner ours, at the example, worded as our spec', async () => {
    const result = await run(ours(), 'examples');
    expect(result.outcome).toBe('failed');
    expect(failsRun(result.outcome)).toBe(true);
    expect(result.checks.examples_valid).toMatchObject({ ok: false, owner: 'ours', location: `${FILE}#${BROKEN}` });
    expect((result.checks.examples_valid as { detail: string }).detail).toMatch(
      /^defect in our spec: .*nameIsANumber: \/name must be string/,
    );
  });

  test('the same spec without the marker: a vendor spec defect, same location, not failing', async () => {
    const result = await run(vendors(), 'examples');
    expect(result.outcome).toBe('vendor_spec_defect');
    expect(failsRun(result.outcome)).toBe(false);
    expect(result.checks.examples_valid).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: `${FILE}#${BROKEN}`,
    });
    expect((result.checks.examples_valid as { detail: string }).detail).not.toContain('our spec');
  });

  test('the first named example served unasked: its schema failure is located at that example (ours)', async () => {
    const result = await run(ours(), 'getWidget 200');
    expect(result.outcome).toBe('failed');
    const schema = result.checks.response_schema_conformance as { owner?: string; location?: string; detail: string };
    expect(schema).toMatchObject({ ok: false, owner: 'ours', location: `${FILE}#${BROKEN}` });
    expect(schema.detail).toMatch(/^raw: defect in our spec: the mock served the spec's own example/);
    expect(result.checks.status_code_conformance).toEqual({ ok: true });
  });

  test("the same, the spec a vendor's: a vendor spec defect at the first named example", async () => {
    const result = await run(vendors(), 'getWidget 200');
    expect(result.outcome).toBe('vendor_spec_defect');
    expect(result.checks.response_schema_conformance).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: `${FILE}#${BROKEN}`,
    });
  });
});
