import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { lintBuild, lintConfig } from '../../scripts/lint-specs.js';
import { buildVendor } from '../../scripts/pipeline/build.js';
import { generate } from '../../scripts/pipeline/generation.js';
import type { JsonObject } from '../../scripts/pipeline/json.js';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { REPAIR_RULES, type RepairId, repairSpec } from '../../scripts/pipeline/repairs.js';
import { repoRoot, workspace } from '../helpers/workspace.js';

/** A document whose one response schema is `schema` (components.schemas.S), in the given version. */
function spec(schema: unknown, openapi = '3.0.3'): JsonObject {
  return {
    openapi,
    info: { title: 't', version: '1' },
    paths: {
      '/s': {
        get: {
          operationId: 'getS',
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/S' } } },
            },
          },
        },
      },
    },
    components: { schemas: { S: schema } },
  } as JsonObject;
}

// One fixture per defect class: what a vendor published, where the repair is reported, what it becomes.
const CASES: Array<{ rule: RepairId; openapi?: string; schema: unknown; pointer: string; repaired: unknown }> = [
  {
    // The voice-AI spec's BackoffPlan: a string enum typed `object`.
    rule: 'object-typed-string-enum',
    schema: { type: 'object', properties: { type: { type: 'object', enum: ['fixed', 'exponential'] } } },
    pointer: '#/components/schemas/S/properties/type/type',
    repaired: { type: 'object', properties: { type: { type: 'string', enum: ['fixed', 'exponential'] } } },
  },
  {
    rule: 'array-enum-of-items',
    schema: { type: 'array', items: { type: 'string' }, enum: ['a', 'b'] },
    pointer: '#/components/schemas/S/enum',
    repaired: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
  },
  {
    rule: 'empty-enum',
    schema: { type: 'string', enum: [] },
    pointer: '#/components/schemas/S/enum',
    repaired: { type: 'string' },
  },
  {
    rule: 'type-enum',
    schema: { type: 'enum', enum: ['on', 'off'] },
    pointer: '#/components/schemas/S/type',
    repaired: { type: 'string', enum: ['on', 'off'] },
  },
  {
    rule: 'nullable-without-type',
    schema: { nullable: true, enum: ['x', 'y', null] },
    pointer: '#/components/schemas/S/nullable',
    repaired: { nullable: true, enum: ['x', 'y', null], type: 'string' },
  },
  {
    rule: 'nullable-in-3.1',
    openapi: '3.1.0',
    schema: {
      type: 'object',
      properties: {
        a: { type: 'string', enum: ['x'], nullable: true },
        b: { $ref: '#/components/schemas/T', nullable: true, description: 'kept' },
        c: { anyOf: [{ type: 'string' }], nullable: true },
      },
    },
    pointer: '#/components/schemas/S/properties/a/nullable',
    repaired: {
      type: 'object',
      properties: {
        a: { type: ['string', 'null'], enum: ['x', null] },
        b: { anyOf: [{ $ref: '#/components/schemas/T' }, { type: 'null' }], description: 'kept' },
        c: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    },
  },
  {
    rule: 'ref-with-siblings',
    schema: {
      type: 'object',
      properties: { t: { $ref: '#/components/schemas/T', nullable: true, description: 'kept' } },
    },
    pointer: '#/components/schemas/S/properties/t',
    repaired: { type: 'object', properties: { t: { $ref: '#/components/schemas/T', description: 'kept' } } },
  },
  {
    rule: 'required-not-in-properties',
    schema: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' } } },
    pointer: '#/components/schemas/S/required',
    repaired: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: {} } },
  },
  {
    rule: 'non-string-example',
    schema: { type: 'string', example: 42 },
    pointer: '#/components/schemas/S/example',
    repaired: { type: 'string', example: '42' },
  },
  {
    rule: 'boolean-exclusive-bound',
    openapi: '3.1.0',
    schema: { type: 'number', minimum: 0, exclusiveMinimum: true, exclusiveMaximum: false },
    pointer: '#/components/schemas/S/exclusiveMinimum',
    repaired: { type: 'number', exclusiveMinimum: 0 },
  },
];

describe('vendor spec repairs', () => {
  it('the table names every rule once, each with its defect and its reading', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(Object.keys(REPAIR_RULES).sort());
    for (const rule of Object.values(REPAIR_RULES)) {
      expect(rule.defect.length).toBeGreaterThan(0);
      expect(rule.reading.length).toBeGreaterThan(0);
    }
  });

  for (const c of CASES) {
    it(`${c.rule}: repaired on a copy and reported at its pointer`, () => {
      const input = spec(c.schema, c.openapi);
      if (c.rule === 'ref-with-siblings' || c.rule === 'nullable-in-3.1')
        (input.components as any).schemas.T = { type: 'string' };
      const before = structuredClone(input);
      const result = repairSpec(input);
      expect(result.unrepairable).toEqual([]);
      expect(result.repairs.map((r) => r.rule)).toContain(c.rule);
      expect(result.repairs.find((r) => r.rule === c.rule)!.pointer).toBe(c.pointer);
      expect((result.doc.components as any).schemas.S).toEqual(c.repaired);
      expect(input).toEqual(before);
      // Repairing the repaired document finds nothing left.
      expect(repairSpec(result.doc).repairs).toEqual([]);
    });
  }

  it('leaves a 3.1 $ref with siblings, and a 3.0 boolean exclusiveMinimum, alone (both valid there)', () => {
    const ref = spec(
      { type: 'object', properties: { t: { $ref: '#/components/schemas/S', description: 'd', default: {} } } },
      '3.1.0',
    );
    expect(repairSpec(ref).repairs).toEqual([]);
    const bound = spec({ type: 'number', minimum: 0, exclusiveMinimum: true });
    const mixin = spec({
      allOf: [
        { type: 'object', properties: { id: {} } },
        { type: 'object', properties: {}, required: ['id'] },
      ],
    });
    expect(repairSpec(mixin).repairs).toEqual([]);
    expect(repairSpec(bound).repairs).toEqual([]);
  });

  it('a spec with every repairable defect generates the repaired document, saying so', async () => {
    const ws = await workspace();
    const doc = spec({
      type: 'object',
      required: ['mode', 'ghost'],
      properties: {
        mode: { type: 'object', enum: ['fixed', 'exponential'] },
        tags: { type: 'array', items: { type: 'string' }, enum: ['a', 'b'] },
        none: { type: 'string', enum: [] },
        flag: { type: 'enum', enum: ['on', 'off'] },
        id: { type: 'string', example: 7 },
      },
    });
    await fs.mkdir(path.join(ws.specs, 'acme'), { recursive: true });
    await fs.writeFile(path.join(ws.specs, 'acme', 'openapi.json'), JSON.stringify(doc));
    const r = await generate({ specsDir: ws.specs, outDir: ws.out });
    expect(r.lines[0]).toMatch(/^acme: note: repaired 6 vendor spec defects in \S+acme\/openapi\.json \(/);
    const built = await fs.readFile(path.join(ws.out, 'acme', 'openapi.yaml'), 'utf8');
    expect(built.split('\n')[1]).toMatch(/^# Repaired: 6 vendor spec defects of .*this is the repaired document\.$/);
    const s = (yaml.load(built) as any).components.schemas.S;
    expect(s.properties.mode.type).toBe('string');
    expect(s.properties.tags.items.enum).toEqual(['a', 'b']);
    const types = await fs.readFile(path.join(ws.out, 'acme', 'schema.d.ts'), 'utf8');
    expect(types).toMatch(/mode: "fixed" \| "exponential"/);
  });

  it('lint:specs lists each repair as a vendor spec defect at its pointer in the vendor file', async () => {
    const ws = await workspace();
    await fs.mkdir(path.join(ws.specs, 'acme'), { recursive: true });
    await fs.writeFile(path.join(ws.specs, 'acme', 'openapi.json'), JSON.stringify(spec({ type: 'string', enum: [] })));
    const build = await buildVendor(ws.specs, 'acme', { types: false });
    const summary = await lintBuild(build, ws.out, await lintConfig(path.join(repoRoot, 'redocly.yaml')));
    expect(summary.fingerprints).toContain('repaired/empty-enum #/components/schemas/S/enum');
    expect(summary.lines.join('\n')).toMatch(
      /acme\/openapi\.json#\/components\/schemas\/S\/enum: warning repaired\/empty-enum: /,
    );
  });

  it('what has no one reading fails generate, every instance at its real pointer', async () => {
    const ws = await workspace();
    const doc = spec({
      type: 'object',
      properties: {
        type: 'string',
        mode: { type: 'enum', enum: ['a', 1, true] },
        voice: { oneOf: [{ type: 'object' }, 'string'] },
      },
    });
    (doc.paths as any)['/s'].get.parameters = [{ name: 'id', in: 'query', schema: { type: 'uuid' } }];
    await fs.mkdir(path.join(ws.specs, 'acme'), { recursive: true });
    await fs.writeFile(path.join(ws.specs, 'acme', 'openapi.json'), JSON.stringify(doc));
    const line = await generate({ specsDir: ws.specs, outDir: ws.out }).then(
      () => 'no error',
      (e) => formatError('generate', e),
    );
    expect(line).toMatch(/^generate: \S+acme\/openapi\.json: 4 vendor spec defects without one unambiguous reading: /);
    for (const at of [
      '#/components/schemas/S/properties/type is "string", not a schema',
      '#/components/schemas/S/properties/mode/type "enum" without an enum of one value type',
      '#/components/schemas/S/properties/voice/oneOf/1 is "string", not a schema',
      '#/paths/~1s/get/parameters/0/schema/type "uuid" is not a JSON Schema type',
    ])
      expect(line).toContain(at);
    expect(line).not.toContain('type/oneOf');
  });
});
