// Validation honours the document's dialect: OpenAPI 3.0 (nullable with and without type, boolean
// exclusiveMinimum, type: "null") and 3.1 (JSON Schema 2020-12).
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { createSchemaValidator } from '../../conformance/suite/schema.js';
import type { OpenApiDocument } from '../../conformance/suite/spec.js';

const doc = yaml.load(
  readFileSync(new URL('./fixtures/vendor-traits-3.0.yaml', import.meta.url), 'utf8'),
) as OpenApiDocument;
const widget = {
  name: 'abc',
  size: 1,
  shape: { kind: 'circle', radius: 2 },
  parent: { id: '5b3d22e0-c8cc-487e-8a5f-6460fdf25dbf' },
};

describe('3.0 dialect', () => {
  const v = createSchemaValidator(doc);
  test('nullable without type compiles and accepts anything; with type it adds null', () => {
    expect(v.validate('/components/schemas/Status', { status: true, note: null, gone: null })).toEqual([]);
    expect(v.validate('/components/schemas/NewWidget', { ...widget, label: null })).toEqual([]);
    expect(v.validate('/components/schemas/NewWidget', { ...widget, label: 3 })).not.toEqual([]);
  });

  test('boolean exclusiveMinimum excludes the bound', () => {
    expect(v.validate('/components/schemas/NewWidget', { ...widget, size: 0 })).toEqual(['/size must be > 0']);
  });

  test('a recursive $ref and allOf validate through', () => {
    const deep = { ...widget, id: 'a'.repeat(24), parent: { id: widget.parent.id, children: [{ id: 'nope' }] } };
    expect(v.validate('/components/schemas/Widget', deep)).toEqual(['/parent/children/0/id must match format "uuid"']);
  });
});

describe('3.1 dialect', () => {
  test('type arrays with null and numeric exclusiveMinimum are JSON Schema 2020-12', () => {
    const doc31: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { N: { type: ['integer', 'null'], exclusiveMinimum: 0 } } },
    };
    const v = createSchemaValidator(doc31);
    expect(v.validate('/components/schemas/N', null)).toEqual([]);
    expect(v.validate('/components/schemas/N', 0)).toEqual(['(root) must be > 0']);
  });
});
