// Builds the conformance cases from a spec: one case per documented (operation, status), three
// negative cases per operation, and one examples case per vendor. Nothing here is hand-listed:
// a new operation or status code in a spec becomes new cases on the next run. Which cases a kind
// yields is the kind's own (kinds.ts).

import type { ConformanceCase, OperationMap } from './context.js';
import { CASE_KINDS } from './kinds.js';
import type { OpenApiDocument } from './spec.js';
import { listOperations } from './spec.js';

const SAFE_METHODS = new Set(['get', 'head', 'options']);

/** The key that ties a spec operation to a façade binding: its route, never its operationId. */
export function routeKey(method: string, path: string): string {
  return `${method.toLowerCase()} ${path}`;
}

/** Inverts a provider's `{ facadeMethod: [method, path] }` map into route -> façade methods. */
export function facadeMethodsByRoute(operations: OperationMap): Map<string, string[]> {
  const byRoute = new Map<string, string[]>();
  for (const [facadeMethod, binding] of Object.entries(operations)) {
    if (!binding) continue;
    const key = routeKey(binding[0], binding[1]);
    byRoute.set(key, [...(byRoute.get(key) ?? []), facadeMethod]);
  }
  return byRoute;
}

export function buildCases(
  vendor: string,
  doc: OpenApiDocument,
  providerOperations: OperationMap,
  mode: 'mock' | 'live' = 'mock',
): ConformanceCase[] {
  const byRoute = facadeMethodsByRoute(providerOperations);
  const spec = { vendor, doc, mode };
  const kinds = Object.values(CASE_KINDS);
  const cases: ConformanceCase[] = [];
  for (const operation of listOperations(doc)) {
    const facadeMethods = byRoute.get(routeKey(operation.method, operation.path)) ?? [];
    const base = { vendor, operation, facadeMethods, destructive: !SAFE_METHODS.has(operation.method) };
    for (const kind of kinds) cases.push(...(kind.forOperation?.(base, spec) ?? []));
  }
  for (const kind of kinds) cases.push(...(kind.forSpec?.(spec) ?? []));
  return cases;
}

/** Spec operations that no façade method covers (by operationId, or `METHOD path` when it has none). */
export function uncoveredOperations(doc: OpenApiDocument, providerOperations: OperationMap): string[] {
  const covered = facadeMethodsByRoute(providerOperations);
  return listOperations(doc)
    .filter((op) => !covered.has(routeKey(op.method, op.path)))
    .map((op) => op.operationId);
}

/** Façade bindings whose route the spec does not have: a stale binding must not pass silently. */
export function unboundRoutes(doc: OpenApiDocument, providerOperations: OperationMap): string[] {
  const routes = new Set(listOperations(doc).map((op) => routeKey(op.method, op.path)));
  return Object.entries(providerOperations)
    .filter(([, b]) => b && !routes.has(routeKey(b[0], b[1])))
    .map(([facadeMethod, b]) => `${facadeMethod} -> ${b?.[0].toUpperCase()} ${b?.[1]}`);
}

/**
 * The operations a vendor's run covers: those its façade binds plus the ones listed, or `all`.
 * Same shape as the mock document's scope, so the mock serves exactly what the cases ask for.
 */
export function scopeFor(
  listed: readonly string[] | 'all',
  providerOperations: OperationMap,
): readonly string[] | 'all' {
  if (listed === 'all') return 'all';
  return [...new Set([...facadeMethodsByRoute(providerOperations).keys(), ...listed])];
}
