// Vendor spec defects that have one unambiguous reading, repaired on a copy of the vendor's document
// so that generate never refuses a published spec for them; each repair is reported as a vendor spec
// defect at its JSON pointer in the vendor's own file (lint:specs and its baseline track them). What
// has no unambiguous reading is listed, every instance at its real pointer, and generate fails:
// openapi-typescript would stop at the first with a pointer of its own making
// (`…/BackoffPlan/type/oneOf/0` for a string enum typed `object` at `…/BackoffPlan/properties/type`).

import { clone, isObject, type Json, type JsonObject } from './json.js';
import { SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from './schema-keywords.js';

/** One kind of defect and how it is read: the table the README and the reports quote. */
export interface RepairRule {
  id: string;
  defect: string;
  reading: string;
}

export const REPAIR_RULES = {
  'object-typed-string-enum': {
    id: 'object-typed-string-enum',
    defect: '`type: object` whose `enum` lists strings',
    reading: 'a string enum (`type: string`)',
  },
  'array-enum-of-items': {
    id: 'array-enum-of-items',
    defect: '`type: array` whose `enum` lists item values',
    reading: 'the enum belongs to `items`',
  },
  'empty-enum': {
    id: 'empty-enum',
    defect: '`enum: []` (no value could ever be valid)',
    reading: 'no enum: the values are not restricted',
  },
  'type-enum': {
    id: 'type-enum',
    defect: '`type: "enum"` (not a JSON Schema type)',
    reading: 'the type of the enum values (all strings: `type: string`)',
  },
  'nullable-without-type': {
    id: 'nullable-without-type',
    defect: '3.0 `nullable` without `type` (3.0.3: it then has no effect)',
    reading: 'the type its other keywords imply (`enum` values, `properties`, `items`, string keywords), nullable',
  },
  'nullable-in-3.1': {
    id: 'nullable-in-3.1',
    defect: '3.0 `nullable: true` in a 3.1 document (not a 3.1 keyword)',
    reading:
      'null allowed: `"null"` added to `type` (and `enum`), or a `{type: "null"}` branch beside a `$ref` or composition',
  },
  'ref-with-siblings': {
    id: 'ref-with-siblings',
    defect: '3.0 `$ref` with sibling constraints such as `nullable` (3.0: siblings are ignored)',
    reading: 'the `$ref` alone, as 3.0 says (annotations such as `description` stay)',
  },
  'required-not-in-properties': {
    id: 'required-not-in-properties',
    defect: '`required` names a property missing from `properties`',
    reading: 'the property exists, any value (`{}`)',
  },
  'non-string-example': {
    id: 'non-string-example',
    defect: 'a number or boolean `example` for a `type: string` schema',
    reading: 'the same value written as a string',
  },
  'boolean-exclusive-bound': {
    id: 'boolean-exclusive-bound',
    defect: '3.1 boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0 style)',
    reading: '`true` with `minimum`/`maximum`: that number as the exclusive bound; `false`: no exclusive bound',
  },
} as const satisfies Record<string, RepairRule>;

export type RepairId = keyof typeof REPAIR_RULES;

export interface Repair {
  rule: RepairId;
  /** JSON pointer (`#/components/schemas/A/properties/b`) in the vendor's document. */
  pointer: string;
  /** What was there, briefly, for the report. */
  found: string;
}

export interface RepairResult {
  /** The repaired copy (the input is never changed). */
  doc: JsonObject;
  repairs: Repair[];
  /** Defects without an unambiguous reading, each `<pointer> <what>`. */
  unrepairable: string[];
}

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const COMPOSITION = ['allOf', 'oneOf', 'anyOf'];
const ANNOTATIONS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const STRING_KEYWORDS = ['format', 'pattern', 'minLength', 'maxLength'];
// Annotations that are values, not schemas: never walked as document structure.
const VALUE_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const brief = (v: unknown): string => {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** The JSON Schema type every value of an enum shares, if one does. */
function enumType(values: Json[]): string | undefined {
  const types = new Set(
    values.map((v) =>
      v === null
        ? 'null'
        : Array.isArray(v)
          ? 'array'
          : typeof v === 'number' && Number.isInteger(v)
            ? 'integer'
            : typeof v,
    ),
  );
  types.delete('null');
  if (types.size === 2 && types.has('integer') && types.has('number')) return 'number';
  if (types.size !== 1) return undefined;
  const [t] = types;
  return t === 'string' || t === 'integer' || t === 'number' || t === 'boolean' ? t : undefined;
}

export function repairSpec(input: JsonObject): RepairResult {
  const doc = clone(input);
  const is30 = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.0');
  const repairs: Repair[] = [];
  const unrepairable: string[] = [];
  const seen = new Set<unknown>();
  const repaired = (rule: RepairId, pointer: string, found: unknown): void => {
    repairs.push({ rule, pointer, found: brief(found) });
  };

  const schema = (node: unknown, at: string, inAllOf = false): void => {
    // `true`/`false` are schemas in JSON Schema (3.1); anything else that is not an object is not.
    if (typeof node === 'boolean') return;
    if (!isObject(node)) {
      unrepairable.push(`${at} is ${brief(node)}, not a schema`);
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    if (!is30 && 'nullable' in node) fixNullable31(node, at);
    if (typeof node.$ref === 'string') {
      // Annotations beside a $ref change nothing a tool reads; constraints (nullable, type, …) would.
      const siblings = Object.keys(node).filter((k) => k !== '$ref' && !ANNOTATIONS.has(k) && !k.startsWith('x-'));
      if (is30 && siblings.length > 0) {
        repaired('ref-with-siblings', at, Object.fromEntries(siblings.map((k) => [k, node[k]!])));
        for (const k of siblings) delete node[k];
      }
      if (is30 || Object.keys(node).length === 1) return;
    }
    fixTypes(node, at);
    fixNullable(node, at);
    // A branch of an allOf may require what another branch defines.
    if (!inAllOf) fixRequired(node, at);
    fixExample(node, at);
    fixExclusiveBounds(node, at);
    for (const k of SUBSCHEMA) if (k in node) schema(node[k], `${at}/${k}`);
    for (const k of SUBSCHEMA_LISTS) {
      if (!(k in node)) continue;
      const list = node[k];
      if (!Array.isArray(list)) unrepairable.push(`${at}/${k} is not a list of schemas`);
      else for (const [i, s] of list.entries()) schema(s, `${at}/${k}/${i}`, k === 'allOf');
    }
    for (const k of SUBSCHEMA_MAPS) {
      if (!(k in node)) continue;
      const map = node[k];
      if (!isObject(map)) unrepairable.push(`${at}/${k} is not a map of schemas`);
      else for (const [name, s] of Object.entries(map)) schema(s, `${at}/${k}/${esc(name)}`);
    }
  };

  const fixTypes = (node: JsonObject, at: string): void => {
    if (Array.isArray(node.enum) && node.enum.length === 0) {
      repaired('empty-enum', `${at}/enum`, node.enum);
      delete node.enum;
    }
    const values = Array.isArray(node.enum) ? node.enum : undefined;
    if (node.type === 'object' && values?.every((v) => typeof v === 'string')) {
      repaired('object-typed-string-enum', `${at}/type`, node.type);
      node.type = 'string';
    } else if (node.type === 'array' && values && !values.some((v) => Array.isArray(v))) {
      const items = isObject(node.items) ? node.items : {};
      if (Array.isArray(items.enum)) {
        unrepairable.push(`${at}/enum lists item values, and ${at}/items has an enum of its own`);
      } else {
        repaired('array-enum-of-items', `${at}/enum`, values);
        const itemType = enumType(values);
        node.items = { ...(items.type === undefined && itemType ? { type: itemType } : {}), ...items, enum: values };
        delete node.enum;
      }
    } else if (node.type === 'enum') {
      const t = values ? enumType(values) : undefined;
      if (t) {
        repaired('type-enum', `${at}/type`, node.type);
        node.type = t;
      } else {
        unrepairable.push(`${at}/type "enum" without an enum of one value type to read it from`);
        return;
      }
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const t of types) {
      if (typeof t !== 'string' || !TYPES.has(t)) unrepairable.push(`${at}/type ${brief(t)} is not a JSON Schema type`);
    }
  };

  const fixNullable = (node: JsonObject, at: string): void => {
    if (!is30 || node.nullable !== true || node.type !== undefined) return;
    // Compositions carry their own types: openapi-typescript reads `nullable` beside them.
    if (COMPOSITION.some((k) => k in node)) return;
    const implied = Array.isArray(node.enum)
      ? enumType(node.enum)
      : isObject(node.properties)
        ? 'object'
        : 'items' in node
          ? 'array'
          : STRING_KEYWORDS.some((k) => k in node)
            ? 'string'
            : undefined;
    if (implied === undefined) return;
    repaired('nullable-without-type', `${at}/nullable`, { nullable: true });
    node.type = implied;
  };

  const fixNullable31 = (node: JsonObject, at: string): void => {
    const nullable = node.nullable;
    if (typeof nullable !== 'boolean') return;
    repaired('nullable-in-3.1', `${at}/nullable`, { nullable });
    delete node.nullable;
    if (!nullable) return;
    const types = Array.isArray(node.type) ? node.type : typeof node.type === 'string' ? [node.type] : undefined;
    if (types) {
      if (!types.includes('null')) node.type = [...types, 'null'];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
      return;
    }
    const branches = Array.isArray(node.anyOf) ? 'anyOf' : Array.isArray(node.oneOf) ? 'oneOf' : undefined;
    if (branches) {
      (node[branches] as Json[]).push({ type: 'null' });
    } else if (typeof node.$ref === 'string' || Array.isArray(node.allOf)) {
      // `$ref` or `allOf` (the whole value) or null: the value's own keywords move into a branch.
      const inner: JsonObject = {};
      for (const k of ['$ref', 'allOf'] as const) {
        if (k in node) {
          inner[k] = node[k]!;
          delete node[k];
        }
      }
      node.anyOf = [inner, { type: 'null' }];
    }
    // Otherwise the schema constrains no type, and null is already valid.
  };

  const fixRequired = (node: JsonObject, at: string): void => {
    if (!Array.isArray(node.required) || !isObject(node.properties)) return;
    // Another branch of a composition, or additionalProperties, may define it: not a defect then.
    if (COMPOSITION.some((k) => k in node) || isObject(node.additionalProperties)) return;
    const properties = node.properties;
    for (const name of node.required) {
      if (typeof name !== 'string' || Object.hasOwn(properties, name)) continue;
      repaired('required-not-in-properties', `${at}/required`, name);
      properties[name] = {};
    }
  };

  const fixExample = (node: JsonObject, at: string): void => {
    const isString = node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string'));
    if (!isString || !('example' in node)) return;
    const ex = node.example;
    const typeList = Array.isArray(node.type) ? node.type : [node.type];
    if ((typeof ex === 'number' || typeof ex === 'boolean') && !typeList.includes(typeof ex)) {
      repaired('non-string-example', `${at}/example`, ex);
      node.example = String(ex);
    }
  };

  const fixExclusiveBounds = (node: JsonObject, at: string): void => {
    if (is30) return;
    for (const [exclusive, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      const flag = node[exclusive];
      if (typeof flag !== 'boolean') continue;
      if (flag && typeof node[bound] !== 'number') {
        unrepairable.push(`${at}/${exclusive} is true without a ${bound} to make exclusive`);
        continue;
      }
      repaired('boolean-exclusive-bound', `${at}/${exclusive}`, flag);
      if (flag) {
        node[exclusive] = node[bound]!;
        delete node[bound];
      } else delete node[exclusive];
    }
  };

  // Outside schemas: every `schema` member (parameters, headers, media types) anywhere in the
  // document, and the components' schemas; values (examples, defaults) are never walked.
  const structure = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) structure(child, `${at}/${i}`);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if (VALUE_KEYS.has(key) || key.startsWith('x-')) continue;
      if (key === 'schema') schema(child, `${at}/schema`);
      else structure(child, `${at}/${esc(key)}`);
    }
  };
  const components = isObject(doc.components) ? doc.components : undefined;
  if (components && isObject(components.schemas)) {
    for (const [name, s] of Object.entries(components.schemas)) schema(s, `#/components/schemas/${esc(name)}`);
  }
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'components' && components) {
      for (const [kind, entries] of Object.entries(components)) {
        if (kind !== 'schemas') structure(entries, `#/components/${esc(kind)}`);
      }
    } else if (key === 'paths' || key === 'webhooks') structure(value, `#/${key}`);
  }
  return { doc, repairs, unrepairable };
}

/** `3 repairs: empty-enum ×2, type-enum ×1` — the line generate prints per vendor. */
export function repairCounts(repairs: readonly Repair[]): string {
  const counts = new Map<string, number>();
  for (const r of repairs) counts.set(r.rule, (counts.get(r.rule) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule} ×${n}`)
    .join(', ');
}
