// A synthetic vendor spec of N operations, shaped like the Smallest full spec (≈15,000 lines for
// 66 operations): shared error schemas, one request and one response schema per operation,
// path/query/header parameters and examples. For size tests and benchmarks.

import type { JsonObject } from './util.js';
import { dumpYaml } from './yaml.js';

export interface SyntheticOptions {
  operations: number;
  /** Properties per generated schema; the default gives ≈15,000 lines at 66 operations. */
  propertiesPerSchema?: number;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function syntheticSpec({ operations, propertiesPerSchema = 28 }: SyntheticOptions): JsonObject {
  const paths: JsonObject = {};
  const schemas: JsonObject = {
    ErrorResponse: {
      type: 'object',
      required: ['status', 'errors'],
      properties: { status: { type: 'boolean' }, errors: { type: 'array', items: { type: 'string' } } },
    },
  };
  for (let i = 0; i < operations; i++) {
    const method = METHODS[i % METHODS.length]!;
    const resource = `resource${Math.floor(i / METHODS.length)}`;
    const p = `/${resource}/{id}/action${i}`;
    const name = `Op${i}`;
    schemas[`${name}Response`] = objectSchema(`${name} response body`, propertiesPerSchema, i + 1);
    const op: JsonObject = {
      operationId: `op-${i}`,
      summary: `Operation ${i} on ${resource}`,
      description: `Synthetic operation ${i}.`,
      tags: [resource],
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: 'Resource id',
          schema: { type: 'string', pattern: '^[0-9a-f]{24}$' },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        },
        { name: 'x-trace', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Response` } } },
        },
        ...Object.fromEntries(
          ['400', '401', '404', '500'].map((code) => [
            code,
            {
              description: `Error ${code}`,
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/ErrorResponse' },
                  example: { status: false, errors: [`error ${code}`] },
                },
              },
            },
          ]),
        ),
      },
    };
    if (method !== 'get' && method !== 'delete') {
      schemas[`${name}Request`] = objectSchema(`${name} request body`, propertiesPerSchema, i);
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Request` } } },
      };
    }
    ((paths[p] ??= {}) as JsonObject)[method] = op;
  }
  return {
    openapi: '3.1.0',
    // License and declared tags keep it clean under Redocly's recommended rules.
    info: { title: 'Synthetic vendor', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' } },
    tags: [
      ...new Set(
        Object.values(paths).flatMap((item) =>
          Object.values(item as JsonObject).map((op) => ((op as JsonObject).tags as string[])[0]!),
        ),
      ),
    ].map((name) => ({ name, description: `Synthetic ${name} operations.` })),
    servers: [{ url: 'https://api.example.test/v1' }],
    security: [{ BearerAuth: [] }],
    paths,
    components: { schemas, securitySchemes: { BearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}

export function syntheticSpecYaml(opts: SyntheticOptions): string {
  return dumpYaml(syntheticSpec(opts));
}

function objectSchema(description: string, n: number, seed: number): JsonObject {
  const kinds = ['string', 'integer', 'boolean', 'number'] as const;
  const properties: JsonObject = {};
  for (let j = 0; j < n; j++) {
    const type = kinds[(j + seed) % kinds.length]!;
    properties[`field_${j}`] = {
      type,
      description: `Field ${j} (${type}).`,
      ...(type === 'string' ? { maxLength: 200 } : {}),
    };
  }
  return { type: 'object', description, required: ['field_0'], properties };
}
