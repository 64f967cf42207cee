// Body-aware drift: request and response schemas of one operation compared by what breaks a client.
//   response (we read it):  property removed or made optional, enum value removed, type changed -> BREAKING
//   request (we write it):  property made required (or added as required), property removed,
//                           enum value removed, type changed -> BREAKING
//   additions (optional request properties, response properties, enum values, operations) are not.
// Each pair of schemas is compared once ($ref pairs are memoised), so shared subgraphs and cycles
// cost one visit: a change inside a shared component is reported once, where it is first reached.
import { isObject, type JsonObject } from './util.js';

export type Direction = 'request' | 'response';

export interface BodyChange {
  rule:
    | 'property-removed'
    | 'property-optional'
    | 'property-required'
    | 'property-added'
    | 'enum-removed'
    | 'enum-added'
    | 'type-changed';
  breaking: boolean;
  /** e.g. "request body .model.voice" */
  where: string;
  detail: string;
}

interface View {
  types: string[];
  properties: Map<string, unknown>;
  required: Set<string>;
  enumValues: unknown[] | undefined;
  items: unknown;
  refs: string[];
}

function deref(root: JsonObject, v: unknown, refs: string[] = []): { schema: unknown; refs: string[] } {
  let cur = v;
  for (let hop = 0; hop < 20 && isObject(cur) && typeof cur.$ref === 'string' && cur.$ref.startsWith('#/'); hop++) {
    refs.push(cur.$ref);
    cur = cur.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, seg) => (isObject(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
        root,
      );
  }
  return { schema: cur, refs };
}

// One flat view of a schema: allOf parts merged, $refs followed.
function view(root: JsonObject, raw: unknown): View {
  const out: View = {
    types: [],
    properties: new Map(),
    required: new Set(),
    enumValues: undefined,
    items: undefined,
    refs: [],
  };
  const visit = (node: unknown, depth: number): void => {
    const { schema, refs } = deref(root, node);
    out.refs.push(...refs);
    if (!isObject(schema) || depth > 10) return;
    if (typeof schema.type === 'string') out.types.push(schema.type);
    else if (Array.isArray(schema.type)) out.types.push(...schema.type.map(String));
    if (isObject(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) out.properties.set(k, v);
    if (Array.isArray(schema.required)) for (const r of schema.required) out.required.add(String(r));
    if (Array.isArray(schema.enum)) out.enumValues = schema.enum;
    if (schema.items !== undefined) out.items = schema.items;
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf) visit(part, depth + 1);
  };
  visit(raw, 0);
  out.types = [...new Set(out.types)].sort();
  return out;
}

export function diffSchemas(
  prevRoot: JsonObject,
  nextRoot: JsonObject,
  prev: unknown,
  next: unknown,
  direction: Direction,
  where: string,
  seen: Set<string>,
): BodyChange[] {
  const changes: BodyChange[] = [];
  const reading = direction === 'response';
  const walk = (a: unknown, b: unknown, at: string): void => {
    const va = view(prevRoot, a);
    const vb = view(nextRoot, b);
    if (va.refs.length > 0 || vb.refs.length > 0) {
      const key = `${direction}|${va.refs.join(',')}|${vb.refs.join(',')}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    if (va.types.length > 0 && vb.types.length > 0 && va.types.join('|') !== vb.types.join('|')) {
      changes.push({
        rule: 'type-changed',
        breaking: true,
        where: at,
        detail: `type ${va.types.join('|')} -> ${vb.types.join('|')}`,
      });
      return;
    }
    if (va.enumValues && vb.enumValues) {
      const key = (v: unknown) => JSON.stringify(v);
      const after = new Set(vb.enumValues.map(key));
      const before = new Set(va.enumValues.map(key));
      for (const v of va.enumValues) {
        if (!after.has(key(v)))
          changes.push({ rule: 'enum-removed', breaking: true, where: at, detail: `enum value ${key(v)} removed` });
      }
      for (const v of vb.enumValues) {
        if (!before.has(key(v)))
          changes.push({ rule: 'enum-added', breaking: false, where: at, detail: `enum value ${key(v)} added` });
      }
    }
    for (const [name, sub] of va.properties) {
      const child = `${at}.${name}`;
      if (!vb.properties.has(name)) {
        changes.push({ rule: 'property-removed', breaking: true, where: at, detail: `property ${name} removed` });
        continue;
      }
      if (reading && va.required.has(name) && !vb.required.has(name)) {
        changes.push({
          rule: 'property-optional',
          breaking: true,
          where: at,
          detail: `property ${name} is now optional`,
        });
      }
      if (!reading && !va.required.has(name) && vb.required.has(name)) {
        changes.push({
          rule: 'property-required',
          breaking: true,
          where: at,
          detail: `property ${name} is now required`,
        });
      }
      walk(sub, vb.properties.get(name), child);
    }
    for (const name of vb.properties.keys()) {
      if (va.properties.has(name)) continue;
      const required = vb.required.has(name);
      changes.push(
        !reading && required
          ? { rule: 'property-required', breaking: true, where: at, detail: `required property ${name} added` }
          : { rule: 'property-added', breaking: false, where: at, detail: `property ${name} added` },
      );
    }
    if (va.items !== undefined && vb.items !== undefined) walk(va.items, vb.items, `${at}[]`);
  };
  walk(prev, next, where);
  return changes;
}

/** The JSON schema of a request body or response, from its first JSON media type. */
export function jsonSchemaOf(root: JsonObject, holder: unknown): unknown {
  const { schema } = deref(root, holder);
  if (!isObject(schema) || !isObject(schema.content)) return undefined;
  const media = Object.keys(schema.content).find((m) => /json/i.test(m));
  const entry = media ? schema.content[media] : undefined;
  return isObject(entry) ? entry.schema : undefined;
}
