// The document Prism serves for a vendor: the operations in scope, with every schema inlined up to
// a depth and, below it, cut to its required core. Prism 5's ref-parser expands a shared schema
// graph as a tree (millions of expansions on a 3 MB spec), so it never gets ready on the full
// document. The cut only simplifies what the mock samples: what Prism answers stays valid against
// the full spec, and every check still validates against the full spec.
import { walkRefs } from '../../scripts/pipeline/data-refs.js';
import { HTTP_METHODS } from '../../src/core/types.js';
import type { OpenApiDocument } from '../suite/spec.js';

type Json = any;
// Values, not schemas: copied as they are.
const LITERAL_KEYS = new Set(['example', 'examples', 'enum', 'default', 'const']);
const HOP_BY_HOP = new Set([
  'transfer-encoding',
  'content-length',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-authenticate',
]);

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
  // `request`: inside a request body or parameter, where the mock validates what it receives.
  const inline = (node: Json, level: number, stack: readonly string[], inProperties = false, request = false): Json => {
    if (Array.isArray(node)) return node.map((n) => inline(n, level, stack, false, request));
    if (node === null || typeof node !== 'object') return node;
    if (!inProperties && typeof node.$ref === 'string') {
      const next = stack.concat(node.$ref);
      const target = resolvePointer(doc, node.$ref);
      if (stack.includes(node.$ref) || level >= depth) return core(target, next, request);
      return inline(target, level + 1, next, false, request);
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (!inProperties && LITERAL_KEYS.has(key)) setOwn(out, key, value);
      // Mappings name components that the mock document no longer has; sampling does not need them.
      // Links name operations by operationRef/operationId that a scoped document may not have; a
      // mock never follows them.
      else if (!inProperties && (key === 'discriminator' || key === 'links')) continue;
      // Transport headers documented as response headers (`Transfer-Encoding: chunked`) would be sent
      // by Prism beside its own Content-Length: a broken response the client cannot read.
      else if (!inProperties && key === 'headers' && value && typeof value === 'object' && !Array.isArray(value))
        setOwn(
          out,
          key,
          Object.fromEntries(
            Object.entries(value)
              .filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()))
              .map(([name, h]) => [name, inline(h, level, stack, false, request)]),
          ),
        );
      else
        setOwn(
          out,
          key,
          inline(
            value,
            level,
            stack,
            !inProperties && key === 'properties',
            request || (!inProperties && (key === 'requestBody' || key === 'parameters')),
          ),
        );
    }
    return out;
  };
  // What a valid instance needs, with no $ref left: required properties (followed until a cycle),
  // and optional properties only when they need no $ref.
  const core = (schema: Json, stack: readonly string[], request: boolean): Json => {
    if (schema === null || typeof schema !== 'object') return {};
    if (typeof schema.$ref === 'string') {
      // A required cycle has no finite instance; the mock answers `{}` there (a mock limitation).
      if (stack.includes(schema.$ref)) return {};
      return core(resolvePointer(doc, schema.$ref), stack.concat(schema.$ref), request);
    }
    const required: string[] = Array.isArray(schema.required) ? schema.required : [];
    const out: Json = {};
    let dropped = false;
    for (const [key, value] of Object.entries<Json>(schema)) {
      if (key === 'properties') {
        out.properties = {};
        for (const [name, sub] of Object.entries<Json>(value)) {
          if (required.includes(name)) setOwn(out.properties, name, core(sub, stack, request));
          else if (!JSON.stringify(sub).includes('"$ref"')) setOwn(out.properties, name, sub);
          else dropped = true;
        }
      } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
        out[key] = typeof value === 'object' ? core(value, stack, request) : value;
      } else if (key === 'allOf') {
        out[key] = value.map((s: Json) => core(s, stack, request));
      } else if (key === 'oneOf' || key === 'anyOf') {
        // In a request, every branch, each cut to its core: a request valid against the spec must
        // pass the mock's validation whichever branch it takes. Cores are looser than their branches
        // and may overlap, so `oneOf` becomes `anyOf` (never a false refusal). In a response, one
        // branch is enough for the mock to answer with a valid instance.
        if (request) setOwn(out, 'anyOf', [...(out.anyOf ?? []), ...value.map((s: Json) => core(s, stack, request))]);
        else setOwn(out, key, [core(value[0], stack, request)]);
      } else if (key !== 'discriminator') setOwn(out, key, value);
    }
    // A request that sends a dropped property must still pass the mock's own validation.
    if (dropped && out.additionalProperties === false) delete out.additionalProperties;
    return out;
  };

  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op || !operationInScope(options.scope, method, path, op)) continue;
      if (!Object.hasOwn(paths, path))
        setOwn(paths, path, item.parameters ? { parameters: inline(item.parameters, 0, [], false, true) } : {});
      paths[path][method] = inline(op, 0, []);
    }
  }
  // 3.1 webhooks are operations too (Prism parses them even though it never serves them): inlined
  // the same way, or their $refs would name schemas the mock document no longer has.
  const webhooks: Json = {};
  for (const [name, item] of Object.entries<Json>(doc.webhooks ?? {})) webhooks[name] = inline(item, 0, []);
  // Schemas are all inlined; the other components (examples, security schemes) stay for Prism, those
  // still referenced only (see pruneToReachable).
  const { schemas: _inlined, ...components } = (doc.components ?? {}) as Json;
  const mock: Json = { ...doc, paths, components: inline(components, 0, []) };
  if (doc.webhooks !== undefined) mock.webhooks = webhooks;
  return pruneToReachable(mock);
}

/** `#/components/schemas/A~1B` -> ['components', 'schemas', 'A/B'] (URI escapes decoded once). */
function refTokens(ref: string): string[] {
  return ref
    .slice(2)
    .split('/')
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Every local reference a node holds: `$ref`, a link's `operationRef`, a discriminator's mapping. */
function* localRefs(node: Json): Generator<string> {
  const stack: Json[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    for (const [key, value] of Object.entries<Json>(n)) {
      if ((key === '$ref' || key === 'operationRef') && typeof value === 'string' && value.startsWith('#/'))
        yield value;
      else if (key === 'mapping' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const target of Object.values<Json>(value))
          if (typeof target === 'string' && target.startsWith('#/')) yield target;
      } else if (key === 'examples' && value && typeof value === 'object' && !Array.isArray(value)) {
        // A map of Example objects (each maybe a $ref); a list of values is a schema's `examples`.
        stack.push(...Object.values<Json>(value).filter((e) => e && typeof e === 'object' && '$ref' in e));
      } else if (!LITERAL_KEYS.has(key)) stack.push(value);
    }
  }
}

/**
 * The document with only the components something reaches: from the paths, the 3.1 webhooks and
 * every other top-level member, following `$ref`s (into `$defs` too), links' `operationRef`s,
 * callbacks and discriminator mappings, transitively. A component nothing reaches is dropped; a
 * reference to anything is never cut, so the result is valid whenever the input was.
 */
export function pruneToReachable(doc: OpenApiDocument): OpenApiDocument {
  const components = (doc.components ?? {}) as Record<string, Record<string, Json>>;
  const kept = new Map<string, Set<string>>();
  const queue: Json[] = Object.entries<Json>(doc)
    .filter(([key]) => key !== 'components')
    .map(([, value]) => value);
  // Security schemes are reached by name from `security`, never by $ref: all of them stay.
  if (components.securitySchemes) queue.push(components.securitySchemes);
  while (queue.length > 0) {
    for (const ref of localRefs(queue.pop())) {
      const [root, kind, name] = refTokens(ref);
      if (root !== 'components' || kind === undefined || name === undefined) continue;
      const names = kept.get(kind) ?? new Set<string>();
      kept.set(kind, names);
      if (names.has(name)) continue;
      names.add(name);
      const target = components[kind]?.[name];
      if (target !== undefined) queue.push(target);
    }
  }
  const pruned: Record<string, Record<string, Json>> = {};
  for (const [kind, entries] of Object.entries(components)) {
    if (entries === null || typeof entries !== 'object') continue;
    const names = kind === 'securitySchemes' ? new Set(Object.keys(entries)) : kept.get(kind);
    if (!names) continue;
    const out = Object.fromEntries(Object.entries(entries).filter(([name]) => names.has(name)));
    if (Object.keys(out).length > 0) pruned[kind] = out;
  }
  return { ...doc, components: pruned };
}

/**
 * What would make Prism refuse the document, found before it starts: every local reference must
 * resolve, and every operation must document a response. Empty when the document is servable.
 */
export function mockDocumentProblems(doc: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\./.test(doc.openapi))
    problems.push(`#/openapi: ${JSON.stringify(doc.openapi)} is not 3.0.x or 3.1.x`);
  const resolves = (ref: string): boolean => {
    let node: Json = doc;
    for (const token of refTokens(ref)) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return false;
      node = node[token];
    }
    return true;
  };
  for (const ref of new Set(localRefs(doc))) if (!resolves(ref)) problems.push(`${ref} does not resolve`);
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op && (op.responses === null || typeof op.responses !== 'object' || Object.keys(op.responses).length === 0))
        problems.push(`#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses is empty`);
    }
  }
  return problems;
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
