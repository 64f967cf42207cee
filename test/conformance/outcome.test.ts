// Whose fault a case's end is: the owner of each failing check decides the outcome, and only our
// failures (plus spec defects under --strict-spec) fail a run.
import { describe, expect, test } from 'vitest';
import {
  attributeSpecDefect,
  combine,
  fail,
  mockLimitation,
  mockOwnError,
  pass,
  responseSchemaConformance,
  specDefect,
} from '../../conformance/suite/checks.js';
import { runCase } from '../../conformance/suite/execute.js';
import { caseOutcome, failsRun } from '../../conformance/suite/outcome.js';
import { createSchemaValidator } from '../../conformance/suite/schema.js';
import { loadSpec, specPath } from '../../conformance/suite/spec.js';
import type { ProviderDefinition } from '../../src/core/provider.js';
import { providerModules, providers } from '../../src/providers/registry.js';

describe('case outcome', () => {
  test('a failure of ours outweighs a spec defect, which outweighs a mock limitation', () => {
    const defect = specDefect('example breaks its schema', 'generated/x/openapi.yaml#/a');
    const mock = mockLimitation('Prism sampled an empty body');
    expect(caseOutcome([pass])).toBe('passed');
    expect(caseOutcome([pass, mock])).toBe('mock_limitation');
    expect(caseOutcome([mock, defect])).toBe('vendor_spec_defect');
    expect(caseOutcome([defect, fail('façade threw'), mock])).toBe('failed');
    expect(caseOutcome([{ ok: 'n/a' }])).toBe('passed');
  });

  test('only failed fails a run, unless strictSpec', () => {
    expect(
      ['passed', 'failed', 'vendor_spec_defect', 'mock_limitation', 'not_covered', 'skipped'].filter((o) =>
        failsRun(o as never),
      ),
    ).toEqual(['failed']);
    expect(failsRun('vendor_spec_defect', { strictSpec: true })).toBe(true);
    expect(failsRun('mock_limitation', { strictSpec: true })).toBe(false);
  });

  test('combining verdicts keeps the most serious owner and the defect locations', () => {
    const defect = specDefect('bad example', 'generated/x/openapi.yaml#/p');
    expect(combine([{ label: 'raw', verdict: defect }])).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: 'generated/x/openapi.yaml#/p',
    });
    const mixed = combine([
      { label: 'raw', verdict: defect },
      { label: 'archive', verdict: fail('wrong status') },
    ]);
    expect(mixed).toMatchObject({ ok: false, detail: 'raw: bad example | archive: wrong status' });
    expect(mixed).not.toHaveProperty('owner');
  });

  test('a defect of our own spec stays ours and located when combined, failing the case', () => {
    const ours = attributeSpecDefect(specDefect('bad example', 'generated/x/openapi.yaml#/p'), 'ours');
    expect(ours).toEqual({
      ok: false,
      detail: 'defect in our spec: bad example',
      owner: 'ours',
      location: 'generated/x/openapi.yaml#/p',
    });
    expect(attributeSpecDefect(specDefect('bad example', 'generated/x/openapi.yaml#/p'), 'vendor')).toMatchObject({
      owner: 'vendor_spec',
    });
    expect(attributeSpecDefect(mockLimitation('no body'), 'ours')).toMatchObject({ owner: 'mock' });
    const combined = combine([
      { label: 'get', verdict: ours },
      { label: 'raw', verdict: ours },
    ]);
    expect(combined).toMatchObject({
      ok: false,
      detail: 'get: defect in our spec: bad example | raw: defect in our spec: bad example',
      owner: 'ours',
      location: 'generated/x/openapi.yaml#/p generated/x/openapi.yaml#/p',
    });
    expect(caseOutcome([combined])).toBe('failed');
  });

  test("in a vendor's published spec, an example that breaks its own schema is a vendor spec defect, located by pointer", async () => {
    const doc = structuredClone(loadSpec(specPath('ayra')));
    // Ayra's spec is ours (spec-owner.test.ts): without the marker, it reads as Ayra's own.
    delete doc.info['x-authored-by'];
    doc.components.schemas.Agent.properties.id.example = 42;
    const result = await runCase(
      {
        id: 'ayra examples',
        vendor: 'ayra',
        kind: 'examples',
        label: 'examples',
        facadeMethods: [],
        destructive: false,
      },
      {
        vendor: 'ayra',
        provider: providers.ayra as ProviderDefinition,
        semantics: providerModules.ayra.semantics,
        doc,
        baseUrl: 'http://127.0.0.1:9',
        mode: 'mock',
        apiKey: 'k',
      },
    );
    expect(result.outcome).toBe('vendor_spec_defect');
    expect(result.passed).toBe(false);
    expect(result.checks.examples_valid).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: 'generated/ayra/openapi.yaml#/components/schemas/Agent/properties/id/example',
    });
  });
});

describe('mock limitations and text bodies', () => {
  const exchange = (status: number, contentType: string, bodyText: string) => ({
    request: { method: 'GET', url: 'http://127.0.0.1:9/events', headers: new Headers() },
    response: { status, headers: new Headers(), contentType, bodyText },
  });

  test("Prism's own 5xx (an object under a text media type) is the mock's, not ours", () => {
    const prism = exchange(
      500,
      'application/problem+json',
      JSON.stringify({
        type: 'https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT',
        title: 'Cannot serialise complex objects as text',
        status: 500,
      }),
    );
    expect(mockOwnError(prism)).toBe(
      'the mock cannot produce this answer: Cannot serialise complex objects as text (NO_COMPLEX_OBJECT_TEXT)',
    );
    // A vendor's documented 500 with a problem+json body is not the mock's.
    expect(
      mockOwnError(exchange(500, 'application/problem+json', '{"type":"https://vendor.example/e"}')),
    ).toBeUndefined();
    expect(mockOwnError(exchange(422, 'application/problem+json', prism.response.bodyText))).toBeUndefined();
  });

  test('a text/csv body is validated as the string its schema describes, not parsed as JSON', () => {
    const doc = { openapi: '3.0.0', paths: {}, components: { schemas: { Csv: { type: 'string', minLength: 3 } } } };
    const validator = createSchemaValidator(doc);
    const response = {
      status: '200',
      content: { 'text/csv': { schemaPointer: '/components/schemas/Csv' } },
      examples: [],
      headers: [],
    };
    expect(responseSchemaConformance(exchange(200, 'text/csv', 'a,b\n1,2'), response, validator)).toEqual({ ok: true });
    expect(responseSchemaConformance(exchange(200, 'text/csv', 'a'), response, validator)).toMatchObject({ ok: false });
  });
});
