// Values for a request, from the spec: its examples first, then a sample of the schema that honours
// required, pattern, format, enum, bounds and compositions. OpenAPI 3.0 schemas are converted to JSON
// Schema first (nullable, boolean exclusiveMinimum/Maximum, …) by @openapi-contrib/openapi-schema-to-
// json-schema; 3.1 schemas are JSON Schema already. json-schema-faker samples, seeded: the same spec
// gives the same requests on every run.
import { generateSync, type JsonSchema } from 'json-schema-faker';
import { convertSchema30 } from './dialect.js';
import { type OpenApiDocument, refToPointer, resolvePointer } from './spec.js';

/** Same seed, same requests: a failure reproduces. */
const SEED = 20_260_101;
const RETRIES = 8;

export interface Sampler {
  /**
   * A value for `schema` (which may be a `$ref` into the document). With `isValid`, a few seeds are
   * tried until one gives a value the validator accepts (the sampler misses some compositions).
   */
  sample(schema: unknown, isValid?: (value: unknown) => boolean): unknown;
}

export function createSampler(doc: OpenApiDocument): Sampler {
  const is31 = String(doc.openapi ?? '').startsWith('3.1');
  const converted = new Map<string, JsonSchema>();
  const toJsonSchema = (schema: unknown): JsonSchema => {
    if (is31 || schema === null || typeof schema !== 'object') return schema as JsonSchema;
    return convertSchema30(schema) as JsonSchema;
  };
  const refResolver = (ref: string): JsonSchema => {
    let schema = converted.get(ref);
    if (!schema) {
      schema = toJsonSchema(resolvePointer(doc, refToPointer(ref)));
      converted.set(ref, schema);
    }
    return schema;
  };
  // One sample per schema object (the seed makes it the same value anyway): a vendor's large union
  // takes seconds to sample, and every case of its operation asks for the same body. Kept apart by
  // whether a validity check picked it. A copy is handed out, so that no caller changes the next one's.
  const samples = { checked: new WeakMap<object, unknown>(), unchecked: new WeakMap<object, unknown>() };
  return {
    sample(schema, isValid) {
      if (schema === undefined) return undefined;
      const memo = isValid ? samples.checked : samples.unchecked;
      const key = schema !== null && typeof schema === 'object' ? schema : undefined;
      if (key && memo.has(key)) return structuredClone(memo.get(key));
      const value = sampleOnce(schema, isValid);
      if (key) memo.set(key, value);
      return structuredClone(value);
    },
  };

  function sampleOnce(schema: unknown, isValid?: (value: unknown) => boolean): unknown {
    const json = toJsonSchema(schema);
    // Only what is required: fewer chances to trip a rule the mock checks and we did not model.
    // Depth 12: vendors nest bodies deeply (envelope → allOf → items → $ref → oneOf), and below the
    // depth the sampler writes null; recursion is cut by the sampler's own cycle detection.
    const at = (seed: number) => generateSync(json, { seed, optionalsProbability: 0, maxDepth: 12, refResolver });
    let value = at(SEED);
    for (let attempt = 1; isValid && !isValid(value) && attempt < RETRIES; attempt++) value = at(SEED + attempt);
    return value;
  }
}
