// The mock serves the spec's own example, and that example breaks its schema: the spec's defect,
// located at the example (the vendor's in a published spec, ours in Qoder's, which we wrote). What the
// façade makes of such a body is no evidence about the façade, so the semantic check says n/a (and
// why) instead of passing or failing. A loopback server plays the mock: it answers with the spec's
// (broken) example, as Prism does. Which example Prism serves unasked is checked against Prism's
// order (read in @stoplight/http-spec's media-type transform and prism-http's negotiator).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCases } from '../../conformance/suite/cases.js';
import type { VendorContext } from '../../conformance/suite/context.js';
import { runCase } from '../../conformance/suite/execute.js';
import { servedExamplePointer } from '../../conformance/suite/served-example.js';
import { loadSpec, type OpenApiDocument, specPath } from '../../conformance/suite/spec.js';
import { providerModules, providers } from '../../src/providers/registry.js';

const EXAMPLE = '/paths/~1agents~1{agent_id}/get/responses/200/content/application~1json/example';

/**
 * Qoder's spec, its agent answer documented by one `example` that breaks the Agent schema; `vendor`:
 * without our authorship marker, as if Qoder had published it.
 */
function qoderWithBrokenExample({ vendor = false } = {}) {
  const doc = loadSpec(specPath('qoder'));
  if (vendor) delete doc.info['x-authored-by'];
  const media = doc.paths['/agents/{agent_id}'].get.responses['200'].content['application/json'];
  // Agent.name is a string: the example's number breaks its schema.
  media.example = { ...doc.components.examples.ArchivedAgent.value, name: 42 };
  delete media.examples;
  return doc;
}

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  const doc = qoderWithBrokenExample();
  const body = JSON.stringify(doc.paths['/agents/{agent_id}'].get.responses['200'].content['application/json'].example);
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a served example that breaks its schema', () => {
  test('in a vendor spec: a vendor spec defect at the example; the semantic check is n/a, naming it', async () => {
    const doc = qoderWithBrokenExample({ vendor: true });
    const ctx: VendorContext = {
      vendor: 'qoder',
      provider: providers.qoder,
      semantics: providerModules.qoder.semantics,
      doc,
      baseUrl,
      mode: 'mock',
      apiKey: 'conformance-mock-key',
    };
    const c = buildCases('qoder', doc, providers.qoder.operations).find((x) => x.id === 'qoder getAgent 200')!;
    expect(c.facadeMethods).toEqual(['get']);
    const result = await runCase(c, ctx);
    expect(result.outcome).toBe('vendor_spec_defect');
    const schema = result.checks.response_schema_conformance as { ok: boolean; owner?: string; location: string };
    expect(schema).toMatchObject({ ok: false, owner: 'vendor_spec' });
    // Once per call that met it: the façade's `get` and the raw client.
    expect(schema.location.split(' ')).toEqual([
      `generated/qoder/openapi.yaml#${EXAMPLE}`,
      `generated/qoder/openapi.yaml#${EXAMPLE}`,
    ]);
    expect(result.checks.semantic_conformance).toEqual({
      ok: 'n/a',
      detail: `the served example breaks its schema (vendor spec defect at #${EXAMPLE})`,
    });
  });

  test('in our spec: our failure (failing the run), at the example, worded as our spec', async () => {
    const doc = qoderWithBrokenExample();
    const ctx: VendorContext = {
      vendor: 'qoder',
      provider: providers.qoder,
      semantics: providerModules.qoder.semantics,
      doc,
      baseUrl,
      mode: 'mock',
      apiKey: 'conformance-mock-key',
    };
    const c = buildCases('qoder', doc, providers.qoder.operations).find((x) => x.id === 'qoder getAgent 200')!;
    const result = await runCase(c, ctx);
    expect(result.outcome).toBe('failed');
    const schema = result.checks.response_schema_conformance as { owner?: string; location: string; detail: string };
    expect(schema).toMatchObject({ ok: false, owner: 'ours' });
    expect(schema.detail).toMatch(/^get: defect in our spec: the mock served the spec's own example/);
    expect(new Set(schema.location.split(' '))).toEqual(new Set([`generated/qoder/openapi.yaml#${EXAMPLE}`]));
    expect(result.checks.semantic_conformance).toEqual({
      ok: 'n/a',
      detail: `the served example breaks its schema (defect in our spec at #${EXAMPLE})`,
    });
  });

  test('the same answer in live mode is held to the schema as ours (no example was served)', async () => {
    const doc = qoderWithBrokenExample();
    const ctx: VendorContext = {
      vendor: 'qoder',
      provider: providers.qoder,
      semantics: providerModules.qoder.semantics,
      doc,
      baseUrl,
      mode: 'live',
      apiKey: 'conformance-mock-key',
      agentId: 'agent_019eXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    };
    const c = buildCases('qoder', doc, providers.qoder.operations, 'live').find((x) => x.id === 'qoder getAgent live')!;
    const result = await runCase(c, ctx);
    expect(result.outcome).toBe('failed');
    expect(result.checks.response_schema_conformance).toMatchObject({ ok: false });
    expect((result.checks.response_schema_conformance as { owner?: string }).owner).toBeUndefined();
  });
});

describe('the example Prism serves', () => {
  const BASE = '/paths/~1w/get/responses/200/content/application~1json';
  /** A spec whose one media type has `media`, its schema the component W (`schema`: W's keywords). */
  const spec = (media: Record<string, unknown>, schema: Record<string, unknown> = {}): OpenApiDocument => ({
    openapi: '3.1.0',
    paths: {
      '/w': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/W' }, ...media } },
            },
          },
        },
      },
    },
    components: { schemas: { W: { type: 'object', ...schema } } },
  });
  const named = { examples: { first: { value: { n: 1 } }, second: { value: { n: 2 } } } };

  test('asked for by name: that named example', () => {
    expect(servedExamplePointer(spec(named), BASE, 'second')).toBe(`${BASE}/examples/second`);
  });

  test('unasked, with only named examples: the first, in document order', () => {
    expect(servedExamplePointer(spec(named), BASE, undefined)).toBe(`${BASE}/examples/first`);
  });

  test("unasked: the media type's example, else its schema's, ahead of the named ones", () => {
    expect(servedExamplePointer(spec({ example: { n: 0 }, ...named }), BASE, undefined)).toBe(`${BASE}/example`);
    expect(servedExamplePointer(spec(named, { example: { n: 3 } }), BASE, undefined)).toBe(
      '/components/schemas/W/example',
    );
    expect(servedExamplePointer(spec(named, { examples: [{ n: 4 }] }), BASE, undefined)).toBe(
      '/components/schemas/W/examples/0',
    );
  });

  test('unasked, with no example anywhere: none (the mock composes the body)', () => {
    expect(servedExamplePointer(spec({}), BASE, undefined)).toBeUndefined();
  });
});
