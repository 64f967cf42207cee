// Requests synthesized from a spec honour its schemas: patterned ids, required bodies and headers,
// bounds, enums, discriminated oneOf, recursive $refs, in OpenAPI 3.0's dialect.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { rawOnlyProvider as rawOnly } from '../../conformance/harness/providers.js';
import type { VendorContext } from '../../conformance/suite/context.js';
import { rawCallInit, sampleArgs } from '../../conformance/suite/requests.js';
import { createSampler } from '../../conformance/suite/sampling.js';
import { listOperations, type OpenApiDocument } from '../../conformance/suite/spec.js';

const doc = yaml.load(
  readFileSync(new URL('./fixtures/vendor-traits-3.0.yaml', import.meta.url), 'utf8'),
) as OpenApiDocument;
const ctx = (): VendorContext => ({
  vendor: 'widgets',
  provider: rawOnly('widgets'),
  semantics: undefined,
  doc,
  baseUrl: 'http://127.0.0.1:9',
  mode: 'mock',
  apiKey: 'k',
});
const op = (method: string, path: string) => listOperations(doc).find((o) => o.method === method && o.path === path)!;

describe('request synthesis', () => {
  test('path ids follow their pattern, required query parameters are sent', () => {
    const c = ctx();
    const drafts = op('delete', '/widget/{id}/drafts/{draftId}');
    const args = sampleArgs(drafts, c);
    expect(args.agentId).toMatch(/^[a-f\d]{24}$/);
    expect(args.draftId).toMatch(/^d-[0-9]{4}$/);
    const archive = rawCallInit(
      op('delete', '/widget/{id}/archive'),
      sampleArgs(op('delete', '/widget/{id}/archive'), c),
      c,
    );
    expect(typeof archive.params.query.on).toBe('boolean');
  });

  test('a required body honours required, bounds, a discriminated oneOf and a recursive $ref', () => {
    const c = ctx();
    const create = op('post', '/widget');
    const init = rawCallInit(create, sampleArgs(create, c), c) as any;
    expect(['red', 'blue']).toContain(init.params.header['X-Team']);
    const body = init.body;
    expect(body.name.length).toBeGreaterThanOrEqual(3);
    expect(body.name.length).toBeLessThanOrEqual(20);
    expect(body.size).toBeGreaterThan(0); // exclusiveMinimum: true (3.0's boolean form)
    expect(body.size).toBeLessThanOrEqual(10);
    expect(body.shape.kind === 'circle' ? body.shape.radius : body.shape.side).toBeGreaterThanOrEqual(1);
    expect(body.parent.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('seeded: the same spec gives the same request on every run', () => {
    const create = op('post', '/widget');
    const a = rawCallInit(create, sampleArgs(create, ctx()), ctx());
    const b = rawCallInit(create, sampleArgs(create, ctx()), ctx());
    expect(a).toEqual(b);
  });

  test('3.0 nullable without type and type: "null" sample without error', () => {
    const value = createSampler(doc).sample({ $ref: '#/components/schemas/Status' }) as any;
    expect(typeof value.status).toBe('boolean');
  });

  test('an example comes first', () => {
    const copy = structuredClone(doc);
    copy.components.parameters.WidgetId.example = '0123456789abcdef01234567';
    const c = { ...ctx(), doc: copy };
    const archive = listOperations(copy).find((o) => o.path === '/widget/{id}/archive')!;
    expect(sampleArgs(archive, c).agentId).toBe('0123456789abcdef01234567');
  });

  test('a schema is sampled once: the next case gets the same value, as its own copy', () => {
    const sampler = createSampler(doc);
    const schema = op('post', '/widget').requestBody!.schema;
    const checked: unknown[] = [];
    const isValid = (value: unknown) => {
      checked.push(value);
      return true;
    };
    const first = sampler.sample(schema, isValid) as any;
    expect(checked).toHaveLength(1);
    first.name = 'changed by the first caller';
    const second = sampler.sample(schema, isValid) as any;
    // No second sampling (nor check): the large unions of a vendor take seconds each time.
    expect(checked).toHaveLength(1);
    expect(second).toEqual(checked[0]);
    expect(second.name).not.toBe('changed by the first caller');
    // The sample picked by a check is kept apart from an unchecked one.
    expect(sampler.sample(schema)).toEqual(createSampler(doc).sample(schema));
  });
});
