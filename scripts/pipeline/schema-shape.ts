// Every schema openapi-typescript (and Prism) cannot accept, found in one walk with its real JSON
// pointer. openapi-typescript stops at the first such schema and names a pointer of its own making
// (`…/BackoffPlan/type/oneOf/0` for a string at `…/BackoffPlan/properties/type`); this lists them all.
import { isObject } from './util.js';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const ONE = ['items', 'not', 'additionalProperties', 'additionalItems', 'contains', 'if', 'then', 'else'];
const LIST = ['allOf', 'oneOf', 'anyOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function schemaShapeProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const seen = new Set<unknown>();
  const schema = (node: unknown, at: string): void => {
    // `true`/`false` are schemas in JSON Schema (3.1); anything else that is not an object is not.
    if (typeof node === 'boolean') return;
    if (!isObject(node)) {
      problems.push(`${at} is ${JSON.stringify(node)?.slice(0, 40) ?? 'undefined'}, not a schema`);
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    if (typeof node.$ref === 'string') return;
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const t of types) {
      if (typeof t !== 'string' || !TYPES.has(t))
        problems.push(`${at}/type ${JSON.stringify(t)} is not a JSON Schema type`);
    }
    for (const k of ONE) if (k in node && typeof node[k] !== 'boolean') schema(node[k], `${at}/${k}`);
    for (const k of LIST) {
      if (!(k in node)) continue;
      if (!Array.isArray(node[k])) problems.push(`${at}/${k} is not a list of schemas`);
      else for (const [i, s] of (node[k] as unknown[]).entries()) schema(s, `${at}/${k}/${i}`);
    }
    for (const k of MAP) {
      if (!(k in node)) continue;
      if (!isObject(node[k])) problems.push(`${at}/${k} is not a map of schemas`);
      else for (const [name, s] of Object.entries(node[k])) schema(s, `${at}/${k}/${esc(name)}`);
    }
  };
  const content = (holder: unknown, at: string): void => {
    if (!isObject(holder) || !isObject(holder.content)) return;
    for (const [media, entry] of Object.entries(holder.content)) {
      if (isObject(entry) && 'schema' in entry) schema(entry.schema, `${at}/content/${esc(media)}/schema`);
    }
  };
  const parameters = (list: unknown, at: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      if (isObject(p) && 'schema' in p) schema(p.schema, `${at}/parameters/${i}/schema`);
    });
  };
  if (!isObject(doc)) return problems;
  const components = isObject(doc.components) ? doc.components : {};
  if (isObject(components.schemas)) {
    for (const [name, s] of Object.entries(components.schemas)) schema(s, `#/components/schemas/${esc(name)}`);
  }
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const at = `#/paths/${esc(path)}`;
    parameters(item.parameters, at);
    for (const m of METHODS) {
      const op = item[m];
      if (!isObject(op)) continue;
      parameters(op.parameters, `${at}/${m}`);
      content(op.requestBody, `${at}/${m}/requestBody`);
      for (const [status, r] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        content(r, `${at}/${m}/responses/${esc(status)}`);
      }
    }
  }
  return problems;
}
