// Each vendor's wire shapes, read from the registry and the vendor's generated spec (its examples,
// else a seeded sample of its schemas), so every hostile suite covers every registered vendor and a
// new vendor needs no edit here. The loopback server answers the façade as the vendor's spec says.

import { createSampler } from '../../conformance/suite/sampling.js';
import { escapePointer, loadSpec, resolvePointer, specPath } from '../../conformance/suite/spec.js';
import type { ClientOptionsBase, LifecycleOperation } from '../../src/index.js';
import { type AgentClient, createAgentClient, type ProviderName, providers } from '../../src/index.js';

export const VENDORS = Object.keys(providers) as ProviderName[];
export type Vendor = ProviderName;

export const AGENT_ID = 'agent_123';

/** The state change the suites exercise: the vendor's first of archive, delete, unarchive. */
export function mainOperation(vendor: Vendor): 'archive' | 'delete' | 'unarchive' {
  const bound = providers[vendor].operations as Partial<Record<LifecycleOperation, unknown>>;
  const op = (['archive', 'delete', 'unarchive'] as const).find((o) => bound[o] !== undefined);
  if (!op) throw new Error(`${vendor} binds no state-changing operation for the hostile suites`);
  return op;
}

/** The state the main state change resolves to (`archive` → 'archived', `delete` → 'deleted', …). */
export function mainState(vendor: Vendor): 'archived' | 'deleted' | 'active' {
  return ({ archive: 'archived', delete: 'deleted', unarchive: 'active' } as const)[mainOperation(vendor)];
}

/** Calls the vendor's main state change (see mainOperation). */
export function change(client: AgentClient, vendor: Vendor, id: string, options?: { signal?: AbortSignal }) {
  return client[mainOperation(vendor)](id, options);
}

const docs = new Map<Vendor, ReturnType<typeof loadSpec>>();
const specOf = (vendor: Vendor) => {
  if (!docs.has(vendor)) docs.set(vendor, loadSpec(specPath(vendor)));
  return docs.get(vendor)!;
};

/** The spec's JSON body for `status` (or, for an undocumented error, any documented error) of a route. */
function documentedBody(vendor: Vendor, method: string, path: string, status: number): unknown {
  const doc = specOf(vendor);
  const responses = resolvePointer(doc, `/paths/${escapePointer(path)}/${method}/responses`) ?? {};
  const deref = (node: any): any =>
    node && typeof node.$ref === 'string' ? deref(resolvePointer(doc, node.$ref.slice(1))) : node;
  const pick =
    responses[String(status)] ??
    (status >= 400
      ? Object.entries<any>(responses).find(([code]) => /^[45]/.test(code) && deref(responses[code])?.content)?.[1]
      : Object.entries<any>(responses).find(([code]) => /^2/.test(code))?.[1]);
  const media = deref(pick)?.content?.['application/json'];
  if (!media) return status >= 400 ? { message: '' } : {};
  if (media.example !== undefined) return structuredClone(media.example);
  const named = Object.values<any>(media.examples ?? {})[0];
  if (named) return structuredClone(deref(named).value);
  return createSampler(doc).sample(media.schema);
}

function route(vendor: Vendor, op: LifecycleOperation): readonly [string, string] {
  const binding = (providers[vendor].operations as Partial<Record<LifecycleOperation, readonly [string, string]>>)[op];
  if (!binding) throw new Error(`${vendor} does not bind ${op}`);
  return binding;
}

/** Every string leaf replaced by `text` (an object without one gets `message`). */
function withText(value: unknown, text: string): unknown {
  let placed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      placed = true;
      return text;
    }
    if (Array.isArray(v)) return v.length === 0 ? [] : v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return placed || !out || typeof out !== 'object' ? out : { ...(out as object), message: text };
}

/** The 2xx body of the vendor's main state change for `id`; `pad` bloats it (for the 10 MB case). */
export function archiveSuccessBody(vendor: Vendor, _id: string, pad = ''): unknown {
  const [method, path] = route(vendor, mainOperation(vendor));
  const body = documentedBody(vendor, method, path, 200);
  return pad && body && typeof body === 'object' ? { ...(body as object), pad } : body;
}

/** The 2xx body of `op` as the vendor's spec documents it. */
export function successBody(vendor: Vendor, op: LifecycleOperation): unknown {
  const [method, path] = route(vendor, op);
  return documentedBody(vendor, method, path, 200);
}

/** The operations a vendor binds. */
export function boundOperations(vendor: Vendor): LifecycleOperation[] {
  return Object.keys(providers[vendor].operations) as LifecycleOperation[];
}

/** The vendor's error envelope for `status` (from its spec), every text in it set to `message`. */
export function errorBody(vendor: Vendor, status: number, message: string): unknown {
  const [method, path] = route(vendor, mainOperation(vendor));
  return withText(documentedBody(vendor, method, path, status), message);
}

/** The method and path segments (after the base URL) of `op` for `ids` in its path parameters, in order. */
export function routeOf(vendor: Vendor, op: LifecycleOperation, ...ids: string[]) {
  const [method, path] = route(vendor, op);
  let next = 0;
  const segments = path
    .split('/')
    .slice(1)
    .map((s) => (/^\{.+\}$/.test(s) ? (ids[next++] ?? ids[0]!) : s));
  return { method: method.toUpperCase(), segments };
}

/** The method and path template (after the base URL) the main state change must hit. */
export function archiveRoute(vendor: Vendor, id: string): { method: string; segments: string[] } {
  return routeOf(vendor, mainOperation(vendor), id);
}

export function makeClient(vendor: Vendor, baseUrl: string, extra: Partial<ClientOptionsBase> = {}) {
  return createAgentClient({
    provider: vendor,
    apiKey: 'sk_test_fault_key',
    baseUrl,
    timeoutMs: 2_000,
    maxRetries: 2,
    ...extra,
  });
}

/** The rejection of `promise`, failing if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a result');
}

/** The path part of a raw request URL, split on '/' and each segment decoded. */
export function decodedSegments(url: string): string[] {
  const path = url.split('?')[0]!;
  return path.split('/').map((s) => decodeURIComponent(s));
}
