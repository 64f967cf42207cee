// Where a `$ref` is a reference and where it is only data. In an OpenAPI document a `$ref` is a
// Reference Object (or a schema `$ref`) in the document's structure; inside an example value, a
// default/enum/const, an `x-` extension or a description it is whatever the vendor wrote, and
// resolving it would let a spec read files or call URLs through us or through Prism. The walk below
// knows the difference, so the pipeline resolves the first kind by policy and never the second.

/** Keys whose value is data (any JSON), never structure. */
const DATA_KEYS = new Set(['example', 'default', 'const', 'enum', 'description', 'summary']);

/** Keys whose value maps names (chosen by the vendor) to structure: a name is never a keyword. */
const NAME_MAPS = new Set([
  'paths',
  'webhooks',
  'callbacks',
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
  'responses',
  'content',
  'headers',
  'encoding',
  'links',
  'variables',
  'schemas',
  'parameters',
  'requestBodies',
  'securitySchemes',
  'pathItems',
  'mapping',
  'scopes',
]);

export interface RefSite {
  /** The object holding the `$ref` string. */
  node: Record<string, unknown>;
  /** JSON pointer of `node` ("#/paths/~1a/get"). */
  pointer: string;
  /** The `$ref` is data (in an example, a default, an `x-` extension, …): never to be resolved. */
  inData: boolean;
  /** For data: the object and key where the data value starts (what to drop to drop it whole). */
  dataRoot?: { owner: Record<string, unknown> | unknown[]; key: string | number; pointer: string };
}

type State = 'structure' | 'names' | 'components' | 'exampleMap' | 'example';

export function escapeToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Calls `visit` for every object with a string `$ref`, saying whether it is structure or data. */
export function walkRefs(root: unknown, visit: (site: RefSite) => void): void {
  // Keys of the current path; a pointer string is only built for a `$ref` found (the walk runs over
  // every node of multi-megabyte specs, so it allocates as little as it can).
  const keys: string[] = [];
  const pointerOf = (): string => (keys.length === 0 ? '#' : `#/${keys.map(escapeToken).join('/')}`);
  const walk = (node: unknown, state: State, dataRoot: RefSite['dataRoot']): void => {
    if (node === null || typeof node !== 'object') return;
    // Parsed documents have no cycles (yaml.ts refuses them); this only bounds a caller's mistake.
    if (keys.length > 10_000) return;
    if (Array.isArray(node)) {
      const inner = state === 'names' ? 'structure' : state;
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (v === null || typeof v !== 'object') continue;
        keys.push(String(i));
        walk(v, inner, dataRoot);
        keys.pop();
      }
      return;
    }
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === 'string') {
      visit({ node: obj, pointer: pointerOf(), inData: dataRoot !== undefined, ...(dataRoot ? { dataRoot } : {}) });
    }
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      const value = obj[key];
      if (value === null || typeof value !== 'object') continue;
      keys.push(key);
      if (dataRoot) walk(value, state, dataRoot);
      else if (state === 'names') walk(value, 'structure', undefined);
      else if (state === 'components') walk(value, key === 'examples' ? 'exampleMap' : 'names', undefined);
      else if (state === 'exampleMap') walk(value, 'example', undefined);
      else if ((state === 'example' && key === 'value') || key.startsWith('x-') || DATA_KEYS.has(key))
        walk(value, state, { owner: obj, key, pointer: pointerOf() });
      else if (key === 'examples')
        // A schema's `examples` is a list of values; elsewhere a map of Example Objects.
        Array.isArray(value)
          ? walk(value, state, { owner: obj, key, pointer: pointerOf() })
          : walk(value, 'exampleMap', undefined);
      else if (key === 'components' && keys.length === 1) walk(value, 'components', undefined);
      else walk(value, NAME_MAPS.has(key) ? 'names' : 'structure', undefined);
      keys.pop();
    }
  };
  walk(root, 'structure', undefined);
}

/**
 * Stands in for `$ref` in data while Redocly bundles (it resolves `$ref` wherever it finds one, even
 * in `x-` extensions and example values). A NUL cannot appear in a key by accident; one in the input
 * is refused (ref-policy.ts).
 */
export const HIDDEN_REF_KEY = '\u0000$ref';

/** Renames `from` to `to` keeping the key's position, so the written document keeps its order. */
export function renameKey(obj: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(obj);
  for (const [k] of entries) delete obj[k];
  for (const [k, v] of entries)
    Object.defineProperty(obj, k === from ? to : k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Hides every data `$ref` (see HIDDEN_REF_KEY); returns how many. */
export function hideDataRefs(root: unknown): number {
  const sites: RefSite[] = [];
  walkRefs(root, (s) => {
    if (s.inData) sites.push(s);
  });
  for (const s of sites) renameKey(s.node, '$ref', HIDDEN_REF_KEY);
  return sites.length;
}

/** Puts every hidden `$ref` back (after bundling). */
export function restoreDataRefs(root: unknown): void {
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (Object.hasOwn(obj, HIDDEN_REF_KEY)) renameKey(obj, HIDDEN_REF_KEY, '$ref');
    Object.values(obj).forEach(walk);
  };
  walk(root);
}
