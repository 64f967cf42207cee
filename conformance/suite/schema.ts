// JSON Schema validation against a spec's own schemas, in the spec's dialect:
// OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are converted to JSON Schema draft-04 (whose
// boolean exclusiveMinimum 3.0 keeps) by @openapi-contrib/openapi-schema-to-json-schema (`nullable`
// with or without `type`) and validated by ajv's draft-04 class.

import type { Ajv, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from '../../scripts/pipeline/schema-keywords.js';
import { openApi30ToJsonSchema } from './dialect.js';
import { locateCompileError, VendorSchemaError } from './schema-compile.js';
import { escapePointer, type OpenApiDocument, refToPointer, resolvePointer } from './spec.js';

export { VendorSchemaError } from './schema-compile.js';

// ajv-formats is CJS with a `default` export; normalise it for ESM.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const AjvDraft04 = ((AjvDraft04Module as any).default ?? AjvDraft04Module) as typeof Ajv;

const DOC_ID = 'https://agent-lifecycle.local/openapi.json';

export interface SchemaValidator {
  /**
   * Validates `value` against the schema at `pointer`; returns error strings (empty when valid).
   * Throws a VendorSchemaError, located, when the vendor's schema does not compile.
   */
  validate(pointer: string, value: unknown): string[];
}

export interface SchemaValidatorOptions {
  /** The spec file that compile errors are located in (`generated/<vendor>/openapi.yaml`). */
  file?: string;
}

export function createSchemaValidator(doc: OpenApiDocument, options: SchemaValidatorOptions = {}): SchemaValidator {
  const is31 = String(doc.openapi ?? '').startsWith('3.1');
  // strict: false lets OpenAPI annotations (example, discriminator, x-*) pass as unknown keywords.
  // ownProperties: a property named `constructor` or `toString` in a vendor's schema is checked on the
  // instance's own keys, never found on Object.prototype (which made every valid instance fail).
  const newAjv = (): Ajv => {
    const opts = { strict: false, allErrors: true, validateFormats: true, ownProperties: true };
    const fresh = is31 ? new Ajv2020(opts) : new AjvDraft04(opts);
    addFormats(fresh as Ajv);
    return fresh as Ajv;
  };
  const jsonDoc = is31 ? doc : openApi30ToJsonSchema(doc);
  // draft-04 names the document's URI `id`, later drafts `$id`.
  const withDocument = (fresh: Ajv): Ajv =>
    fresh.addSchema(is31 ? { ...jsonDoc, $id: DOC_ID } : { ...jsonDoc, id: DOC_ID });
  let ajv = withDocument(newAjv());
  const compiled = new Map<string, ValidateFunction>();
  const failed = new Map<string, VendorSchemaError>();
  const compile = (pointer: string): ValidateFunction => {
    const fragment = pointer
      .split('/')
      .map((t) => encodeURIComponent(t))
      .join('/');
    try {
      return ajv.compile({ $ref: `${DOC_ID}#${fragment}` });
    } catch (err) {
      // A failed compile leaves ajv holding half-compiled schemas of a `$ref` cycle: a later compile
      // that reuses one validates with `wrapperN.validate is not a function`. Start over clean.
      ajv = withDocument(newAjv());
      const probe = newAjv();
      const found = locateCompileError(jsonDoc, pointer, (schema) => probe.compile(schema));
      const at = found?.pointer ?? pointer;
      const reason = found?.reason ?? (err as Error).message;
      throw new VendorSchemaError(at, reason, `${options.file ?? ''}#${at}`);
    }
  };
  return {
    validate(pointer, value) {
      resolvePointer(doc, pointer); // a clear error when the pointer is wrong
      const known = failed.get(pointer);
      if (known) throw known;
      let validateFn = compiled.get(pointer);
      if (!validateFn) {
        try {
          validateFn = compile(pointer);
        } catch (err) {
          if (err instanceof VendorSchemaError) failed.set(pointer, err);
          throw err;
        }
        compiled.set(pointer, validateFn);
      }
      if (validateFn(value)) return [];
      return (validateFn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
    },
  };
}

export interface ExampleProblem {
  where: string;
  errors: string[];
}

/**
 * Every example in the document, validated against the schema it illustrates: `example`/`examples`
 * of media types, parameters and headers, and of every schema object wherever it sits (components,
 * inline, properties, items, compositions). A `$ref` is not followed: its target is checked where it
 * is defined, so nothing is counted twice. `validator`: the document's own, when the caller has one
 * (its compiled schemas are then shared, not compiled a second time); by default a new one.
 */
export function validateExamples(doc: OpenApiDocument, validator?: SchemaValidator): ExampleCheck {
  // Asked for by the examples case and by every case that meets a served example: computed once.
  let result = examplesChecked.get(doc);
  if (!result) {
    result = checkExamples(doc, validator ?? createSchemaValidator(doc));
    examplesChecked.set(doc, result);
  }
  return result;
}

type ExampleCheck = { checked: number; problems: ExampleProblem[] };
const examplesChecked = new WeakMap<OpenApiDocument, ExampleCheck>();

function checkExamples(doc: OpenApiDocument, validator: SchemaValidator): ExampleCheck {
  const problems: ExampleProblem[] = [];
  let checked = 0;
  const check = (where: string, schemaPointer: string, value: unknown): void => {
    checked++;
    let errors: string[];
    try {
      errors = validator.validate(schemaPointer, value);
    } catch (err) {
      if (!(err instanceof VendorSchemaError)) throw err;
      errors = [`its schema does not compile: ${err.reason} (at ${err.pointer})`];
    }
    if (errors.length > 0) problems.push({ where, errors });
  };
  const exampleValue = (ex: any): unknown => {
    let node = ex;
    for (let i = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && i < 16; i++) {
      node = resolvePointer(doc, refToPointer(node.$ref));
    }
    return node?.value;
  };

  const walkSchema = (schema: any, pointer: string): void => {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema) || typeof schema.$ref === 'string') return;
    if (schema.example !== undefined) check(`${pointer}/example`, pointer, schema.example);
    if (Array.isArray(schema.examples))
      for (const [i, v] of (schema.examples as unknown[]).entries()) check(`${pointer}/examples/${i}`, pointer, v);
    for (const key of SUBSCHEMA)
      if (schema[key] && typeof schema[key] === 'object') walkSchema(schema[key], `${pointer}/${key}`);
    for (const key of SUBSCHEMA_LISTS) {
      if (Array.isArray(schema[key]))
        for (const [i, s] of (schema[key] as unknown[]).entries()) walkSchema(s, `${pointer}/${key}/${i}`);
    }
    for (const key of SUBSCHEMA_MAPS) {
      for (const [name, s] of Object.entries<any>(schema[key] ?? {}))
        walkSchema(s, `${pointer}/${key}/${escapePointer(name)}`);
    }
  };

  // Outside schemas: a node with a `schema` is a media type, parameter or header.
  const walk = (node: any, pointer: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) walk(child, `${pointer}/${i}`);
      return;
    }
    if (node.schema && typeof node.schema === 'object') {
      const schemaPointer = `${pointer}/schema`;
      if (node.example !== undefined) check(`${pointer}/example`, schemaPointer, node.example);
      for (const [name, ex] of Object.entries<any>(node.examples ?? {})) {
        const value = exampleValue(ex);
        if (value !== undefined) check(`${pointer}/examples/${escapePointer(name)}`, schemaPointer, value);
      }
      walkSchema(node.schema, schemaPointer);
    }
    for (const [key, child] of Object.entries<any>(node)) {
      if (key === 'example' || key === 'examples' || key === 'schema') continue;
      walk(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  walk(doc.paths, '/paths');
  for (const [name, schema] of Object.entries<any>(doc.components?.schemas ?? {}))
    walkSchema(schema, `/components/schemas/${escapePointer(name)}`);
  const { schemas: _schemas, ...otherComponents } = doc.components ?? {};
  walk(otherComponents, '/components');
  return { checked, problems };
}
