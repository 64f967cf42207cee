// JSON Schema validation against a spec's own schemas, in the spec's dialect:
// OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are a draft-04/07 dialect with `nullable`.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { escapePointer, resolvePointer, type OpenApiDocument } from './spec.js';

// ajv-formats is CJS with a `default` export; normalise it for ESM.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const DOC_ID = 'https://agent-lifecycle.local/openapi.json';

export interface SchemaValidator {
  /** Validates `value` against the schema at `pointer`; returns error strings (empty when valid). */
  validate(pointer: string, value: unknown): string[];
}

export function createSchemaValidator(doc: OpenApiDocument): SchemaValidator {
  const is31 = String(doc.openapi ?? '').startsWith('3.1');
  const ajv = is31
    ? new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    : new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv as Ajv);
  // strict: false lets OpenAPI annotations (example, discriminator, x-*) pass as unknown keywords.
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const compiled = new Map<string, ValidateFunction>();
  return {
    validate(pointer, value) {
      resolvePointer(doc, pointer); // a clear error when the pointer is wrong
      let validateFn = compiled.get(pointer);
      if (!validateFn) {
        const fragment = pointer.split('/').map((t) => encodeURIComponent(t)).join('/');
        const fresh = ajv.compile({ $ref: `${DOC_ID}#${fragment}` });
        compiled.set(pointer, fresh);
        validateFn = fresh;
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
 * Every example in the document, validated against the schema it illustrates: media-type
 * `example`/`examples`, parameter examples, and schema-level `example`/`examples`.
 */
export function validateExamples(doc: OpenApiDocument): { checked: number; problems: ExampleProblem[] } {
  const validator = createSchemaValidator(doc);
  const problems: ExampleProblem[] = [];
  let checked = 0;
  const check = (where: string, schemaPointer: string, value: unknown): void => {
    checked++;
    const errors = validator.validate(schemaPointer, value);
    if (errors.length > 0) problems.push({ where, errors });
  };
  const exampleValue = (ex: any): unknown => {
    let node = ex;
    for (let i = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && i < 16; i++) {
      node = resolvePointer(doc, node.$ref.slice(1));
    }
    return node?.value;
  };
  // Walk the whole document: any object with a `schema` and an example is a media type or parameter.
  const walk = (node: any, pointer: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${pointer}/${i}`));
      return;
    }
    const isSchemaHolder = node.schema && typeof node.schema === 'object' && !pointer.endsWith('/properties');
    if (isSchemaHolder) {
      const schemaPointer = `${pointer}/schema`;
      if (node.example !== undefined) check(`${pointer}/example`, schemaPointer, node.example);
      for (const [name, ex] of Object.entries<any>(node.examples ?? {})) {
        const value = exampleValue(ex);
        if (value !== undefined) check(`${pointer}/examples/${escapePointer(name)}`, schemaPointer, value);
      }
    }
    // Schema-level examples: only under components/schemas, to avoid counting property annotations twice.
    if (/^\/components\/schemas\/[^/]+$/.test(pointer)) {
      if (node.example !== undefined) check(`${pointer}/example`, pointer, node.example);
      if (Array.isArray(node.examples)) node.examples.forEach((v: unknown, i: number) => check(`${pointer}/examples/${i}`, pointer, v));
    }
    for (const [key, child] of Object.entries<any>(node)) {
      if (key === 'example' || key === 'examples') continue;
      walk(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  walk(doc.paths, '/paths');
  walk(doc.components, '/components');
  return { checked, problems };
}
