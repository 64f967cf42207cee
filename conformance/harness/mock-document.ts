// The document Prism serves for a vendor: the operations in scope, with every schema inlined up to
// a depth and, below it, cut to its required core. Prism 5's ref-parser expands a shared schema
// graph as a tree (millions of expansions on a 3 MB spec), so it never gets ready on the full
// document. The cut only simplifies what the mock samples: what Prism answers stays valid against
// the full spec, and every check still validates against the full spec.
import { walkRefs } from '../../scripts/pipeline/data-refs.js';
import type { OpenApiDocument } from '../suite/spec.js';

type Json = any;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
// Values, not schemas: copied as they are.
const LITERAL_KEYS = new Set(['example', 'examples', 'enum', 'default', 'const']);

export interface MockDocumentOptions {
  /** Operations kept: operationIds or `method path` pairs (`get /assistant/{id}`); `all` keeps every one. */
  scope: readonly string[] | 'all';
  /**
   * How many `$ref`s deep schemas are inlined before they are cut to their required core.
   * @default 2
   */
  depth?: number;
}

// The vendor names paths, properties and components: `__proto__` or `constructor` there is data, so it
// is defined as an own property, never assigned (an assignment would replace or reach a prototype).
function setOwn(obj: Json, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function resolvePointer(doc: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`mock document: external $ref "${ref}" (bundle the spec first)`);
  const target = ref
    .slice(2)
    .split('/')
    .reduce((node: Json, token) => {
      const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
      return node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? node[key] : undefined;
    }, doc);
  if (target === undefined) throw new Error(`mock document: $ref "${ref}" points at nothing`);
  return target;
}

export function operationInScope(scope: MockDocumentOptions['scope'], method: string, path: string, op: Json): boolean {
  if (scope === 'all') return true;
  return scope.includes(`${method} ${path}`) || (typeof op?.operationId === 'string' && scope.includes(op.operationId));
}

export function buildMockDocument(spec: OpenApiDocument, options: MockDocumentOptions): OpenApiDocument {
  const doc = neutraliseDataRefs(spec).doc;
  const depth = options.depth ?? 2;
  const inline = (node: Json, level: number, stack: readonly string[], inProperties = false): Json => {
    if (Array.isArray(node)) return node.map((n) => inline(n, level, stack));
    if (node === null || typeof node !== 'object') return node;
    if (!inProperties && typeof node.$ref === 'string') {
      const next = stack.concat(node.$ref);
      const target = resolvePointer(doc, node.$ref);
      if (stack.includes(node.$ref) || level >= depth) return core(target, next);
      return inline(target, level + 1, next);
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (!inProperties && LITERAL_KEYS.has(key)) setOwn(out, key, value);
      // Mappings name components that the mock document no longer has; sampling does not need them.
      else if (!inProperties && key === 'discriminator') continue;
      else setOwn(out, key, inline(value, level, stack, !inProperties && key === 'properties'));
    }
    return out;
  };
  // What a valid instance needs, with no $ref left: required properties (followed until a cycle),
  // and optional properties only when they need no $ref.
  const core = (schema: Json, stack: readonly string[]): Json => {
    if (schema === null || typeof schema !== 'object') return {};
    if (typeof schema.$ref === 'string') {
      // A required cycle has no finite instance; the mock answers `{}` there (a mock limitation).
      if (stack.includes(schema.$ref)) return {};
      return core(resolvePointer(doc, schema.$ref), stack.concat(schema.$ref));
    }
    const required: string[] = Array.isArray(schema.required) ? schema.required : [];
    const out: Json = {};
    let dropped = false;
    for (const [key, value] of Object.entries<Json>(schema)) {
      if (key === 'properties') {
        out.properties = {};
        for (const [name, sub] of Object.entries<Json>(value)) {
          if (required.includes(name)) setOwn(out.properties, name, core(sub, stack));
          else if (!JSON.stringify(sub).includes('"$ref"')) setOwn(out.properties, name, sub);
          else dropped = true;
        }
      } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
        out[key] = typeof value === 'object' ? core(value, stack) : value;
      } else if (key === 'allOf') {
        out[key] = value.map((s: Json) => core(s, stack));
      } else if (key === 'oneOf' || key === 'anyOf') {
        // One branch is enough for the mock to answer with a valid instance.
        out[key] = [core(value[0], stack)];
      } else if (key !== 'discriminator') setOwn(out, key, value);
    }
    // A request that sends a dropped property must still pass the mock's own validation.
    if (dropped && out.additionalProperties === false) delete out.additionalProperties;
    return out;
  };

  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op || !operationInScope(options.scope, method, path, op)) continue;
      if (!Object.hasOwn(paths, path))
        setOwn(paths, path, item.parameters ? { parameters: inline(item.parameters, 0, []) } : {});
      paths[path][method] = inline(op, 0, []);
    }
  }
  // Schemas are all inlined; the other components (examples, security schemes) stay for Prism.
  const { schemas: _inlined, ...components } = (doc.components ?? {}) as Json;
  return { ...doc, paths, components: inline(components, 0, []) };
}

/**
 * Examples are data: a `$ref`-shaped object inside an example, a default, an `x-` extension or a
 * description must not be resolved by Prism (its resolver follows every `$ref`, to files and URLs).
 * Each such value is dropped from a copy of `doc` (Prism then samples the schema instead); the JSON
 * pointers of what was dropped are returned.
 */
export function neutraliseDataRefs(doc: OpenApiDocument): { doc: OpenApiDocument; dropped: string[] } {
  const roots = new Map<string, { owner: Json; key: string | number }>();
  walkRefs(doc, (site) => {
    if (site.dataRoot) roots.set(site.dataRoot.pointer, site.dataRoot);
  });
  if (roots.size === 0) return { doc, dropped: [] };
  const copy = structuredClone(doc);
  const dropped: string[] = [];
  walkRefs(copy, (site) => {
    const root = site.dataRoot;
    if (!root || !roots.has(root.pointer) || dropped.includes(root.pointer)) return;
    dropped.push(root.pointer);
    delete (root.owner as Json)[root.key];
  });
  return { doc: copy, dropped: dropped.sort() };
}
