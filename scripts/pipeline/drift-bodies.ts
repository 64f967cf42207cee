// Body-aware drift: request and response schemas of one operation compared by what breaks a client.
//   response (we read it):  property removed or made optional, enum value removed, type changed -> BREAKING
//   request (we write it):  property made required (or added as required), property removed,
//                           enum value removed, type changed -> BREAKING
//   additions (optional request properties, response properties, enum values, operations) are not.
// Each pair of schemas is compared once ($ref pairs are memoised), so shared subgraphs and cycles
// cost one visit: a change inside a shared component is reported once, where it is first reached,
// and names that component (`schema`) so that every operation reaching it can be listed
// (reachableSchemas below: through $ref, allOf/oneOf/anyOf, items, properties, additionalProperties).
import { isObject, type JsonObject } from './json.js';

export type Direction = 'request' | 'response';

export interface BodyChange {
  rule:
    | 'property-removed'
    | 'property-optional'
    | 'property-required'
    | 'property-added'
    | 'enum-removed'
    | 'enum-added'
    | 'type-changed'
    | 'variant-added'
    | 'variant-removed';
  breaking: boolean;
  /** e.g. "request body .model.voice" */
  where: string;
  detail: string;
  /** The component the changed field lives in (`#/components/schemas/Agent`), when it is one. */
  schema?: string;
  /** The path from that component to the change (`.data[]`, '' at its root). */
  within?: string;
}

interface View {
  types: string[];
  properties: Map<string, unknown>;
  required: Set<string>;
  enumValues: unknown[] | undefined;
  items: unknown;
  additionalProperties: unknown;
  oneOf: unknown[] | undefined;
  anyOf: unknown[] | undefined;
  refs: string[];
  /** The component the schema itself is (last $ref of its own chain). */
  owner: string | undefined;
  /** For each property, the component that declares it (an allOf part may). */
  owners: Map<string, string | undefined>;
}

/** One hop: what a local `#/…` ref points at. */
function target(root: JsonObject, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, seg) => (isObject(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
      root,
    );
}

function deref(root: JsonObject, v: unknown, refs: string[] = []): { schema: unknown; refs: string[] } {
  let cur = v;
  for (let hop = 0; hop < 20 && isObject(cur) && typeof cur.$ref === 'string' && cur.$ref.startsWith('#/'); hop++) {
    refs.push(cur.$ref);
    cur = target(root, cur.$ref);
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
    additionalProperties: undefined,
    oneOf: undefined,
    anyOf: undefined,
    refs: [],
    owner: undefined,
    owners: new Map(),
  };
  const visit = (node: unknown, depth: number, inherited: string | undefined): void => {
    const { schema, refs } = deref(root, node);
    out.refs.push(...refs);
    const owner = refs.at(-1) ?? inherited;
    if (depth === 0) out.owner = refs.at(-1);
    if (!isObject(schema) || depth > 10) return;
    if (typeof schema.type === 'string') out.types.push(schema.type);
    else if (Array.isArray(schema.type)) out.types.push(...schema.type.map(String));
    if (isObject(schema.properties)) {
      for (const [k, v] of Object.entries(schema.properties)) {
        out.properties.set(k, v);
        out.owners.set(k, owner);
      }
    }
    if (Array.isArray(schema.required)) for (const r of schema.required) out.required.add(String(r));
    if (Array.isArray(schema.enum)) out.enumValues = schema.enum;
    if (schema.items !== undefined) out.items = schema.items;
    if (isObject(schema.additionalProperties)) out.additionalProperties = schema.additionalProperties;
    if (Array.isArray(schema.oneOf)) out.oneOf = schema.oneOf;
    if (Array.isArray(schema.anyOf)) out.anyOf = schema.anyOf;
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf) visit(part, depth + 1, owner);
  };
  visit(raw, 0, undefined);
  out.types = [...new Set(out.types)].sort();
  return out;
}

/** Where a walk is inside a component: its ref and the path at which the walk entered it. */
interface Anchor {
  ref: string;
  at: string;
}

/** oneOf/anyOf branches paired: by the component they name, else by position. */
function pairBranches(a: unknown[], b: unknown[]): { pairs: [number, number][]; removed: number[]; added: number[] } {
  // The nth branch naming a component pairs with the nth naming it on the other side.
  const keysOf = (list: unknown[]) => {
    const count = new Map<string, number>();
    return list.map((v, i) => {
      if (!isObject(v) || typeof v.$ref !== 'string') return `at:${i}`;
      const name = v.$ref.split('/').at(-1)!;
      count.set(name, (count.get(name) ?? 0) + 1);
      return `ref:${name}#${count.get(name)}`;
    });
  };
  const aKeys = keysOf(a);
  const bKeys = new Map(keysOf(b).map((k, i) => [k, i]));
  const pairs: [number, number][] = [];
  const removed: number[] = [];
  const matched = new Set<number>();
  a.forEach((_, i) => {
    const j = bKeys.get(aKeys[i]!);
    if (j === undefined) removed.push(i);
    else {
      pairs.push([i, j]);
      matched.add(j);
    }
  });
  return { pairs, removed, added: b.map((_, j) => j).filter((j) => !matched.has(j)) };
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
  const walk = (a: unknown, b: unknown, at: string, inherited: Anchor | undefined): void => {
    const va = view(prevRoot, a);
    const vb = view(nextRoot, b);
    if (va.refs.length > 0 || vb.refs.length > 0) {
      const key = `${direction}|${va.refs.join(',')}|${vb.refs.join(',')}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    const own = vb.owner ?? va.owner;
    const anchor: Anchor | undefined = own ? { ref: own, at } : inherited;
    // The component a property lives in: the allOf part that declares it, else this schema's.
    const anchorOf = (name: string): Anchor | undefined => {
      const owner = vb.owners.get(name) ?? va.owners.get(name);
      return owner && owner !== anchor?.ref ? { ref: owner, at } : anchor;
    };
    const push = (change: Omit<BodyChange, 'schema' | 'within'>, in_: Anchor | undefined = anchor): void => {
      changes.push(in_ ? { ...change, schema: in_.ref, within: change.where.slice(in_.at.length) } : change);
    };
    if (va.types.length > 0 && vb.types.length > 0 && va.types.join('|') !== vb.types.join('|')) {
      push({
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
          push({ rule: 'enum-removed', breaking: true, where: at, detail: `enum value ${key(v)} removed` });
      }
      for (const v of vb.enumValues) {
        if (!before.has(key(v)))
          push({ rule: 'enum-added', breaking: false, where: at, detail: `enum value ${key(v)} added` });
      }
    }
    for (const [name, sub] of va.properties) {
      const child = `${at}.${name}`;
      const home = anchorOf(name);
      if (!vb.properties.has(name)) {
        push({ rule: 'property-removed', breaking: true, where: at, detail: `property ${name} removed` }, home);
        continue;
      }
      if (reading && va.required.has(name) && !vb.required.has(name)) {
        push(
          { rule: 'property-optional', breaking: true, where: at, detail: `property ${name} is now optional` },
          home,
        );
      }
      if (!reading && !va.required.has(name) && vb.required.has(name)) {
        push(
          { rule: 'property-required', breaking: true, where: at, detail: `property ${name} is now required` },
          home,
        );
      }
      walk(sub, vb.properties.get(name), child, home);
    }
    for (const name of vb.properties.keys()) {
      if (va.properties.has(name)) continue;
      const required = vb.required.has(name);
      push(
        !reading && required
          ? { rule: 'property-required', breaking: true, where: at, detail: `required property ${name} added` }
          : { rule: 'property-added', breaking: false, where: at, detail: `property ${name} added` },
        anchorOf(name),
      );
    }
    if (va.items !== undefined && vb.items !== undefined) walk(va.items, vb.items, `${at}[]`, anchor);
    if (va.additionalProperties !== undefined && vb.additionalProperties !== undefined)
      walk(va.additionalProperties, vb.additionalProperties, `${at}{}`, anchor);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const ba = va[keyword] ?? [];
      const bb = vb[keyword] ?? [];
      if (ba.length === 0 && bb.length === 0) continue;
      const { pairs, removed, added } = pairBranches(ba, bb);
      // A request branch gone is one we may still send; a response branch new is one we may not read.
      for (const i of removed)
        push({ rule: 'variant-removed', breaking: !reading, where: at, detail: `${keyword} branch ${i + 1} removed` });
      for (const j of added)
        push({ rule: 'variant-added', breaking: reading, where: at, detail: `${keyword} branch ${j + 1} added` });
      for (const [i, j] of pairs) walk(ba[i], bb[j], `${at}(${keyword} ${j + 1})`, anchor);
    }
  };
  walk(prev, next, where, undefined);
  return changes;
}

/**
 * Every component schema a set of schemas reaches, with the first path found to it (`response
 * 200.data[]`): through $ref, allOf/oneOf/anyOf, items, properties and additionalProperties. Each
 * component's direct edges are computed once per document (`cache`), so many operations over one
 * large shared graph cost one walk of each component.
 */
export function reachableSchemas(
  root: JsonObject,
  starts: Array<{ label: string; schema: unknown }>,
  cache: Map<string, [string, string][]> = new Map(),
): Map<string, string> {
  const reached = new Map<string, string>();
  const queue: [string, string][] = [];
  for (const { label, schema } of starts) queue.push(...edgesOf(schema, label));
  for (let i = 0; i < queue.length; i++) {
    const [ref, path] = queue[i]!;
    if (reached.has(ref)) continue;
    reached.set(ref, path);
    let edges = cache.get(ref);
    if (!edges) {
      edges = edgesOf(target(root, ref), '');
      cache.set(ref, edges);
    }
    for (const [next, rel] of edges) if (!reached.has(next)) queue.push([next, `${path}${rel}`]);
  }
  return reached;
}

/** The $refs a schema names before any other $ref, with the path to each. */
function edgesOf(schema: unknown, at: string): [string, string][] {
  const out: [string, string][] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || depth > 64) return;
    if (typeof node.$ref === 'string') {
      if (node.$ref.startsWith('#/')) out.push([node.$ref, path]);
      return;
    }
    if (Array.isArray(node.allOf)) for (const part of node.allOf) visit(part, path, depth + 1);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = node[keyword];
      if (!Array.isArray(branches)) continue;
      for (const [i, branch] of branches.entries()) visit(branch, `${path}(${keyword} ${i + 1})`, depth + 1);
    }
    if (node.items !== undefined) visit(node.items, `${path}[]`, depth + 1);
    if (isObject(node.properties))
      for (const [name, sub] of Object.entries(node.properties)) visit(sub, `${path}.${name}`, depth + 1);
    if (isObject(node.additionalProperties)) visit(node.additionalProperties, `${path}{}`, depth + 1);
  };
  visit(schema, at, 0);
  return out;
}

/** The JSON schema of a request body or response, from its first JSON media type. */
export function jsonSchemaOf(root: JsonObject, holder: unknown): unknown {
  const { schema } = deref(root, holder);
  if (!isObject(schema) || !isObject(schema.content)) return undefined;
  const media = Object.keys(schema.content).find((m) => /json/i.test(m));
  const entry = media ? schema.content[media] : undefined;
  return isObject(entry) ? entry.schema : undefined;
}
