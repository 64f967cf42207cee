// Builds the conformance cases from a spec: one case per documented (operation, status), three
// negative cases per operation, and one examples case per vendor. Nothing here is hand-listed:
// a new operation or status code in a spec becomes new cases on the next run.

import { wrongMethod } from './requests.js';
import type { OpenApiDocument, SpecOperation } from './spec.js';
import { listOperations } from './spec.js';

export type CaseKind = 'status' | 'no_authorization' | 'unknown_route' | 'wrong_method' | 'examples';

export interface ConformanceCase {
  id: string;
  vendor: string;
  kind: CaseKind;
  operation?: SpecOperation;
  /** The documented status this case asks Prism for (`Prefer: code=N`), for `status` cases. */
  status?: string;
  /** Façade methods that exercise this operation (from the provider's route bindings). */
  facadeMethods: string[];
  /** True when the request changes server state: skipped in live mode without --allow-writes. */
  destructive: boolean;
}

const SAFE_METHODS = new Set(['get', 'head', 'options']);

/** A façade binding as the registry holds it: `[method, path]`, type-checked in the provider file. */
export type RouteBinding = readonly [method: string, path: string];
export type OperationMap = Partial<Record<string, RouteBinding>>;

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
  const cases: ConformanceCase[] = [];
  for (const operation of listOperations(doc)) {
    const facadeMethods = byRoute.get(routeKey(operation.method, operation.path)) ?? [];
    const destructive = !SAFE_METHODS.has(operation.method);
    const base = { vendor, operation, facadeMethods, destructive };
    if (mode === 'live') {
      // A live API answers what it answers: one call per operation, checked against every documented status.
      cases.push({ ...base, id: `${vendor} ${operation.operationId} live`, kind: 'status' });
    }
    for (const response of mode === 'mock' ? operation.responses : []) {
      // `default` and ranges (`4XX`) cannot be requested with Prefer: code=N; they are covered by
      // examples_valid and by the live run.
      if (!/^\d{3}$/.test(response.status)) continue;
      cases.push({
        ...base,
        id: `${vendor} ${operation.operationId} ${response.status}`,
        kind: 'status',
        status: response.status,
      });
    }
    // Negative cases are refused before they can change anything (no credentials, no such route),
    // except a wrong method on a path whose GET is taken: the undeclared method left is a write.
    const negative = { ...base, destructive: false };
    if (operation.secured) {
      cases.push({ ...negative, id: `${vendor} ${operation.operationId} no_authorization`, kind: 'no_authorization' });
    }
    cases.push({ ...negative, id: `${vendor} ${operation.operationId} unknown_route`, kind: 'unknown_route' });
    cases.push({
      ...negative,
      id: `${vendor} ${operation.operationId} wrong_method`,
      kind: 'wrong_method',
      destructive: wrongMethod(operation.path, { doc }) !== 'get',
    });
  }
  cases.push({ id: `${vendor} examples`, vendor, kind: 'examples', facadeMethods: [], destructive: false });
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
