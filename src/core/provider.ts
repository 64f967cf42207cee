// The provider interface: what one vendor's file implements and what the façade gives it.

import type { Client, ClientPathsWithMethod } from 'openapi-fetch';
import type { AgentApiError } from './errors.js';
import type { ProviderSemantics } from './semantics.js';
import type {
  Agent,
  AgentPage,
  HttpMethod,
  LifecycleOperation,
  LifecycleResult,
  ListOptions,
  VendorErrorInfo,
} from './types.js';

/**
 * The openapi-fetch methods a provider calls, typed from the vendor's `paths`. Each request carries the
 * call's signal, timings and attempt hooks, and resolves only with a 2xx (`data`, `response`): any other
 * answer rejects with the typed error (an AgentApiError subclass by status, with the provider, request
 * id, and the vendor's code and message as `parseError` reads them; secrets redacted), and a connection
 * failure, timeout or abort with theirs. `error` is therefore always undefined.
 */
export type CallClient<Paths extends {}> = Pick<
  Client<Paths>,
  'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE' | 'request'
>;

/** What a provider operation gets from the façade: the HTTP contract is the façade's, routes and bodies the provider's. */
export interface OperationContext<Paths extends {}> {
  client: CallClient<Paths>;
  /** The call's AbortSignal (already applied to every request of `client`). */
  signal?: AbortSignal;
  /** The typed error for a 2xx answer that lacks what the spec promises (the vendor's defect). */
  invalidResponse(response: Response, body: unknown, reason: string): AgentApiError;
}

/** Whether an operation may be retried after its request may have reached the server. */
export interface Idempotency {
  idempotent: boolean;
  /**
   * A 404 on a retry after a lost answer means the earlier attempt did it (a delete): the call resolves
   * with its state, `alreadyInState` and `uncertain`. A 404 on the first attempt stays NotFoundError.
   */
  notFoundMeansDone?: boolean;
  /** Where this comes from: the vendor's page or note, or the HTTP method's semantics. */
  source: string;
}

/**
 * The spec route a façade operation calls: a method and a path that the generated `paths` has for that
 * method. Bound by route, not operationId: a vendor renaming or dropping an operationId changes nothing,
 * and a route the spec no longer has fails to compile.
 */
export type OperationBinding<Paths extends {}> = {
  [M in HttpMethod]: readonly [method: M, path: ClientPathsWithMethod<Client<Paths>, M>];
}[HttpMethod];
/**
 * All knowledge about one vendor. The façade only calls these; an operation is supported when it is in
 * `operations` (façade op -> spec route, method and path) and implemented. `Name` and `Raw` (the
 * vendor's agent schema) type the results; see `defineProvider` to keep them literal.
 */
export interface ProviderDefinition<
  // biome-ignore lint/suspicious/noExplicitAny: an untyped custom provider accepts any paths, as openapi-fetch does
  Paths extends {} = any,
  Name extends string = string,
  Raw = unknown,
> {
  name: Name;
  defaultBaseUrl: string;
  operations: Partial<Record<LifecycleOperation, OperationBinding<Paths>>>;
  parseError(body: unknown): VendorErrorInfo;
  /**
   * What its answers mean (which field is the id, the archived flag…): read by the conformance suite
   * only. Prefer exporting it from the provider's module as `semantics`, beside `provider` (as
   * src/providers/<vendor>.ts do): conformance reads that export first, then this field, and an app
   * that bundles the provider then does not ship it. `defineProvider` checks its field names against `Raw`.
   */
  semantics?: ProviderSemantics;
  /**
   * Per operation, whether sending it twice is safe, and where the vendor says so. An operation not
   * listed is judged by its HTTP method (GET, PUT, DELETE… idempotent; POST, PATCH not).
   */
  idempotency?: Partial<Record<LifecycleOperation, Idempotency>>;
  archive?(ctx: OperationContext<Paths>, agentId: string): Promise<LifecycleResult<'archived', Name, Raw>>;
  unarchive?(ctx: OperationContext<Paths>, agentId: string): Promise<LifecycleResult<'active', Name, Raw>>;
  delete?(ctx: OperationContext<Paths>, agentId: string): Promise<LifecycleResult<'deleted', Name, Raw>>;
  discardDraft?(
    ctx: OperationContext<Paths>,
    agentId: string,
    draftId: string,
  ): Promise<LifecycleResult<'discarded', Name, Raw>>;
  get?(ctx: OperationContext<Paths>, agentId: string): Promise<Agent<Raw>>;
  list?(ctx: OperationContext<Paths>, options: ListOptions): Promise<AgentPage<Raw>>;
}

// biome-ignore lint/suspicious/noExplicitAny: inference positions
type AnyDefinition = ProviderDefinition<any, any, any>;
export type PathsOf<D> = D extends ProviderDefinition<infer P, infer _N, infer _R> ? P : never;
export type NameOf<D> = D extends { name: infer N extends string } ? N : string;
export type RawOf<D> = D extends ProviderDefinition<infer _P, infer _N, infer R> ? R : unknown;
/** The operations a definition binds (all six for an untyped custom provider). */
export type OperationsOf<D> = D extends AnyDefinition ? keyof D['operations'] & LifecycleOperation : never;

/** Each bound operation must be implemented: a binding without its method fails to compile. */
type Implemented<Ops, Paths extends {}, Name extends string, Raw> = {
  [K in keyof Ops & LifecycleOperation]-?: NonNullable<ProviderDefinition<Paths, Name, Raw>[K]>;
};

/**
 * Declares a provider with its types kept: `defineProvider<paths, VendorAgent>()({ name: 'acme', ... })`.
 * The literal name, the bound operations and the vendor's agent type then type the client: its
 * factory offers exactly these operations, results carry `provider: 'acme'` and `agent.raw:
 * VendorAgent`. Identity at run time. (Curried so that `paths` and the agent type are given while the
 * name and operations are inferred.)
 */
export function defineProvider<Paths extends {}, Raw = unknown>() {
  return <const Name extends string, const Ops extends Partial<Record<LifecycleOperation, OperationBinding<Paths>>>>(
    definition: ProviderDefinition<Paths, Name, Raw> & { operations: Ops } & Implemented<Ops, Paths, Name, Raw> & {
        // The agent's field names must be keys of the vendor's agent type: a renamed field fails to compile.
        semantics?: ProviderSemantics<Raw>;
      },
  ): Omit<ProviderDefinition<Paths, Name, Raw>, 'operations'> & { operations: Ops } => definition;
}
