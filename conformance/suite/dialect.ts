// OpenAPI 3.0 schemas are not JSON Schema: `nullable`, and keywords a validator or sampler misreads.
// Each schema of the document is converted where it sits (same JSON pointers, `$ref`s kept), by
// @openapi-contrib/openapi-schema-to-json-schema, to JSON Schema draft-04 (3.0's own base).
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import type { OpenApiDocument } from './spec.js';

/** Keeps the annotations our checks read (examples, discriminator) and drops the root `$schema`. */
export function convertSchema30(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  let out: Record<string, unknown>;
  try {
    out = fromSchema(schema as never, {
      cloneSchema: true,
      keepNotSupported: ['example', 'discriminator', 'readOnly', 'writeOnly', 'deprecated'],
    }) as Record<string, unknown>;
  } catch {
    // The converter refuses a schema it cannot read (`type: "enum"`): left as it is, the validator
    // then reports it as the vendor's schema that does not compile, at its own pointer.
    return schema;
  }
  delete out.$schema;
  return out;
}

const SKIP = new Set(['example', 'examples']);

/** A copy of a 3.0 document whose schemas (components and inline) are JSON Schema draft-04. */
export function openApi30ToJsonSchema(doc: OpenApiDocument): OpenApiDocument {
  const walk = (node: unknown, key?: string, parentKey?: string): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (key === 'schema' || parentKey === 'schemas') return convertSchema30(node);
    if (Array.isArray(node)) return node.map((v) => walk(v));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = SKIP.has(k) ? v : walk(v, k, key);
    return out;
  };
  return walk(doc) as OpenApiDocument;
}
