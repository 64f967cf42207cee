// A vendor schema ajv cannot compile (`enum: []`, `type: "enum"`, a `$ref` to nothing…) is a spec
// defect (the vendor's; ours in a spec we wrote), located at the schema that holds it. ajv's message names the keyword but not
// the place, and the failing compile may start far above it (a response schema reaching the bad one
// through `$ref`s): the place is found by compiling each reachable schema on its own, its subschemas
// and `$ref` left out, until one fails by itself.
import { SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from '../../scripts/pipeline/schema-keywords.js';
import { escapePointer, type OpenApiDocument, refToPointer, resolvePointer } from './spec.js';

export class VendorSchemaError extends Error {
  override name = 'VendorSchemaError';
  constructor(
    /** JSON pointer of the schema that does not compile. */
    readonly pointer: string,
    /** ajv's reason, e.g. `enum must have non-empty array`. */
    readonly reason: string,
    /** `<spec file>#<pointer>`. */
    readonly location: string,
  ) {
    super(`the spec's schema at ${location} does not compile: ${reason}`);
  }
}

// The shared keyword lists (scripts/pipeline/schema-keywords.ts), plus draft-04's array form of `items`
// and its `dependencies` map, which a vendor's 3.0 schema may still carry.
const ONE = SUBSCHEMA;
const LIST = [...SUBSCHEMA_LISTS, 'items'];
const MAP = [...SUBSCHEMA_MAPS, 'dependencies'];
/** Keywords that tie a schema to others: left out when a schema is compiled on its own. */
const LINKS = ['$ref', '$dynamicRef', '$recursiveRef', '$id', 'id', '$anchor', '$dynamicAnchor', '$schema'];

const isSchemaObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Each subschema of `schema` with its pointer suffix. */
function subschemas(schema: Record<string, unknown>): Array<[string, unknown]> {
  const found: Array<[string, unknown]> = [];
  for (const key of ONE) if (isSchemaObject(schema[key])) found.push([`/${key}`, schema[key]]);
  for (const key of LIST) {
    const list = schema[key];
    if (Array.isArray(list)) for (const [i, s] of list.entries()) found.push([`/${key}/${i}`, s]);
  }
  for (const key of MAP) {
    const map = schema[key];
    if (!isSchemaObject(map)) continue;
    for (const [name, s] of Object.entries(map))
      if (isSchemaObject(s)) found.push([`/${key}/${escapePointer(name)}`, s]);
  }
  return found;
}

/** The schema alone: every subschema replaced by `{}`, its links dropped. */
function alone(schema: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...schema };
  for (const key of LINKS) delete copy[key];
  for (const key of ONE) if (isSchemaObject(copy[key])) copy[key] = {};
  for (const key of LIST) if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map(() => ({}));
  for (const key of MAP) {
    const map = copy[key];
    if (isSchemaObject(map)) copy[key] = Object.fromEntries(Object.keys(map).map((k) => [k, {}]));
  }
  return copy;
}

/**
 * The first schema reachable from `start` (a pointer into `doc`, the document ajv was given) that does
 * not compile by itself, with ajv's reason; a `$ref` to nothing is located at the schema holding it.
 * `compileAlone` compiles one schema in a fresh validator and throws what ajv throws.
 */
export function locateCompileError(
  doc: OpenApiDocument,
  start: string,
  compileAlone: (schema: object) => void,
): { pointer: string; reason: string } | undefined {
  const seen = new Set<unknown>();
  const stack: Array<[string, unknown]> = [];
  try {
    stack.push([start, resolvePointer(doc, start)]);
  } catch {
    return { pointer: start, reason: 'the schema does not exist' };
  }
  while (stack.length > 0) {
    const [pointer, schema] = stack.pop()!;
    if (!isSchemaObject(schema) || seen.has(schema)) continue;
    seen.add(schema);
    try {
      compileAlone(alone(schema));
    } catch (err) {
      return { pointer, reason: (err as Error).message };
    }
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const target = refToPointer(ref);
      try {
        stack.push([target, resolvePointer(doc, target)]);
      } catch {
        return { pointer, reason: `$ref ${ref} points at nothing` };
      }
    }
    // Depth first, in document order: the first defect met is the one reported.
    for (const entry of subschemas(schema).reverse()) stack.push([`${pointer}${entry[0]}`, entry[1]]);
  }
  return undefined;
}
