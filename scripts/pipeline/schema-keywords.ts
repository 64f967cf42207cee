// The keywords whose value is a schema, a list of schemas or a map of them (JSON Schema 2020-12,
// draft-04 and OpenAPI 3.0): what a walk over a document's schemas descends into. One list for the
// pipeline's repairs and conformance's example check (conformance/suite/schema.ts), so both walk
// the same tree. Pipeline code sits below conformance: conformance imports this, never the reverse.

export const SUBSCHEMA = [
  'items',
  'not',
  'additionalProperties',
  'additionalItems',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;

export const SUBSCHEMA_LISTS = ['allOf', 'oneOf', 'anyOf', 'prefixItems'] as const;

export const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
