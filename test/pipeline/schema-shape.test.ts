import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../scripts/pipeline/openapi-typescript.js';
import { schemaShapeProblems } from '../../scripts/pipeline/schema-shape.js';

// The shapes a large published voice-AI spec really had: a property given as a bare string, and
// `type: "enum"` in an older version of it.
const doc = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/assistant/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'uuid' } }],
        responses: {
          '200': {
            description: '',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/BackoffPlan' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      BackoffPlan: {
        type: 'object',
        properties: { type: 'string', maxRetries: { type: 'number' }, mode: { type: 'enum', enum: ['a', 'b'] } },
      },
      Voice: { oneOf: [{ type: 'object' }, 'string'] },
    },
  },
};

describe('schemas openapi-typescript cannot accept', () => {
  it('are all listed, each at its real pointer', () => {
    expect(schemaShapeProblems(doc)).toEqual([
      '#/components/schemas/BackoffPlan/properties/type is "string", not a schema',
      '#/components/schemas/BackoffPlan/properties/mode/type "enum" is not a JSON Schema type',
      '#/components/schemas/Voice/oneOf/1 is "string", not a schema',
      '#/paths/~1assistant~1{id}/get/parameters/0/schema/type "uuid" is not a JSON Schema type',
    ]);
  });

  it('fail generate with the whole list, not the first with a made-up pointer', async () => {
    const err = await generateTypes(doc as never, 'specs/vocalis/openapi.json').catch((e) => e);
    expect(err.where).toEqual({ file: 'specs/vocalis/openapi.json' });
    expect(err.message).toMatch(/^4 schemas openapi-typescript cannot accept: /);
    expect(err.message).toContain('#/components/schemas/BackoffPlan/properties/type');
    expect(err.message).not.toContain('BackoffPlan/type/oneOf');
  });

  it('accept the large recursive fixture', async () => {
    const { generateSpec } = await import('../fixtures/large-vendor-spec.js');
    expect(schemaShapeProblems(generateSpec())).toEqual([]);
  });
});
