import type { Client, ClientPathsWithMethod } from 'openapi-fetch';
import type { AgentApiError, AgentLifecycleError } from './errors.js';
import type { ProviderSemantics } from './semantics.js';

/** The façade's operations. Each provider supports a subset (see `supports()`). */
export type LifecycleOperation = 'archive' | 'unarchive' | 'delete' | 'discardDraft' | 'get' | 'list';

export type LifecycleState = 'archived' | 'active' | 'deleted' | 'discarded';

/** One normalized agent, whatever the vendor's shape. `raw` is the vendor's object, untouched. */
export interface Agent<Raw = unknown> {
  id: string;
  name: string | null;
  archived: boolean;
  archivedAt: string | null;
  /** The vendor's own object, typed from its spec's `components` (unknown for a custom provider). */
  raw: Raw;
}

/** What a lifecycle operation resolves to; each operation narrows `state` (archive: 'archived', ...). */
export interface LifecycleResult<
  State extends LifecycleState = LifecycleState,
  Provider extends string = string,
  Raw = unknown,
> {
  provider: Provider;
  agentId: string;
  state: State;
  /** True when the vendor told us the agent was already in `state` (nothing changed). */
  alreadyInState?: boolean;
  requestId?: string;
  /** Present where the vendor returns the agent. */
  agent?: Agent<Raw>;
}

export interface AgentPage<Raw = unknown> {
  agents: Agent<Raw>[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * What `list()` returns: await it for the first page, or `for await` it for every agent of every page
 * (as openai-node's list methods do). Iterating reuses the first page's request.
 */
export type PagePromise<Raw = unknown> = Promise<AgentPage<Raw>> & AsyncIterable<Agent<Raw>>;

/** Per call; each falls back to the client's option of the same name. */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Per attempt, in ms.
   * @default the client's timeoutMs (30000)
   */
  timeoutMs?: number;
  /**
   * Retries after the first attempt.
   * @default the client's maxRetries (2)
   */
  maxRetries?: number;
  /**
   * Bounds the whole call, in ms: every attempt and every backoff wait together. When it passes, the
   * call ends with TimeoutError.
   * @default the client's deadlineMs (120000)
   */
  deadlineMs?: number;
}

export interface ListOptions extends CallOptions {
  /** @default false */
  includeArchived?: boolean;
  /** Page size. @default the vendor's */
  limit?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

/** Console-compatible; every method optional. Receives no secrets (Authorization is `Bearer ***`). */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** openapi-fetch style: the transport always calls it with one `Request`. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface ClientOptionsBase {
  /** The vendor's API key; sent only as `Authorization: Bearer`, never logged or put in an error. */
  apiKey: string;
  /** @default the vendor's production URL */
  baseUrl?: string;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
  /**
   * Per attempt, in ms; a call can override it.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Retries after the first attempt (408, 429, 5xx, connection errors); a call can override it.
   * @default 2
   */
  maxRetries?: number;
  /**
   * Bounds each call as a whole, in ms: every attempt and backoff wait together (Infinity for none);
   * a call can override it.
   * @default 120000
   */
  deadlineMs?: number;
  /**
   * Console-shaped; receives no secrets (Authorization is `Bearer ***`).
   * @default a stderr logger when AGENT_LIFECYCLE_LOG is `debug` or `warn`, else none
   */
  logger?: Logger;
  /**
   * Allow `http://` to non-loopback hosts: the API key would travel in clear.
   * @default false
   */
  allowInsecureHttp?: boolean;
}

/** What a provider operation gets from the façade. */
export interface OperationContext<Paths extends {}> {
  client: Client<Paths>;
  signal?: AbortSignal;
  /** The typed error for a non-2xx response, envelope parsed by the provider, secrets redacted. */
  apiError(response: Response, body: unknown): AgentApiError;
  /** The typed error for a 2xx answer that lacks what the spec promises (the vendor's defect). */
  invalidResponse(response: Response, body: unknown, reason: string): AgentApiError;
}

/** What a provider's `parseError` extracts from its envelope. */
export interface VendorErrorInfo {
  vendorCode?: string;
  vendorMessage?: string;
  requestId?: string;
}

/** An HTTP method as it keys an OpenAPI path item (and the generated `paths`). */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/**
 * The spec route a façade operation calls: a method and a path that the generated `paths` has for that
 * method. Bound by route, not operationId: a vendor renaming or dropping an operationId changes nothing,
 * and a route the spec no longer has fails to compile.
 */
export type OperationBinding<Paths extends {}> = {
  [M in HttpMethod]: readonly [method: M, path: ClientPathsWithMethod<Client<Paths>, M>];
}[HttpMethod];

/** The result of each state-changing operation. */
export interface OperationStates {
  archive: 'archived';
  unarchive: 'active';
  delete: 'deleted';
  discardDraft: 'discarded';
}

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
   * What its answers mean (which field is the id, the archived flag…): read by the conformance suite.
   * `defineProvider` checks its field names against `Raw`.
   */
  semantics?: ProviderSemantics;
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

/** Every operation's method, typed for one vendor. */
export interface LifecycleMethods<Name extends string = string, Raw = unknown> {
  archive(agentId: string, options?: CallOptions): Promise<LifecycleResult<'archived', Name, Raw>>;
  unarchive(agentId: string, options?: CallOptions): Promise<LifecycleResult<'active', Name, Raw>>;
  delete(agentId: string, options?: CallOptions): Promise<LifecycleResult<'deleted', Name, Raw>>;
  discardDraft(
    agentId: string,
    draftId: string,
    options?: CallOptions,
  ): Promise<LifecycleResult<'discarded', Name, Raw>>;
  get(agentId: string, options?: CallOptions): Promise<Agent<Raw>>;
  list(options?: ListOptions): PagePromise<Raw>;
}

/** What every client has, whatever it supports. */
export interface ClientBase<Paths extends {} = {}, Name extends string = string> {
  readonly provider: Name;
  /** For dynamic use (a vendor chosen at run time); a vendor's own client type lists only what it supports. */
  supports(operation: LifecycleOperation): boolean;
  /** The typed openapi-fetch client, with the same auth, timeout and retry behaviour. */
  readonly raw: Client<Paths>;
}

/** Every lifecycle method, for dynamic use: an unsupported one rejects with UnsupportedOperationError. */
export interface LifecycleClient<Paths extends {} = {}, Name extends string = string, Raw = unknown>
  extends ClientBase<Paths, Name>,
    LifecycleMethods<Name, Raw> {}

/**
 * How an id of a batch ended. `done`: the vendor confirmed it. `failed`: the vendor (or our checks)
 * refused it, `error` says why. `not_sent`: no request for it left this process. `unknown`: a request
 * was sent but no answer was seen (aborted in flight, or timed out): it may or may not have taken effect.
 */
export type BulkStatus = 'done' | 'failed' | 'not_sent' | 'unknown';

/** One id's outcome in a batch. */
export type BulkOutcome<T = LifecycleResult> =
  | { id: string; ok: true; status: 'done'; result: T }
  | { id: string; ok: false; status: 'failed' | 'not_sent' | 'unknown'; error: AgentLifecycleError };

export interface BulkProgress {
  /** Ids that were sent and settled (done, failed or unknown). */
  done: number;
  total: number;
  failed: number;
  /** Ids settled without being sent (the batch stopped first). */
  notSent: number;
}

export interface BulkOptions<T = LifecycleResult> {
  /**
   * Requests in flight at once.
   * @default 4
   */
  concurrency?: number;
  /** Aborts at once: in-flight ids end `unknown`, ids not started `not_sent`. */
  signal?: AbortSignal;
  /**
   * Stops sending new ids when it fires; in-flight requests finish. Ids not started end `not_sent`.
   * A graceful stop (first Ctrl-C); `signal` is the hard one.
   */
  drain?: AbortSignal;
  /**
   * Stop sending after this many failed ids (in-flight ones finish). A 401 or 403 always stops the
   * batch: the key is wrong for every id.
   * @default Infinity
   */
  maxFailures?: number;
  /**
   * At most this many requests per second, retries included, evenly spaced. Vendors' own
   * `X-RateLimit-Remaining: 0` + `X-RateLimit-Reset` and 429s pause the batch too.
   * @default Infinity
   */
  rate?: number;
  /** Called when an id is about to be sent (its first attempt), before any byte leaves. */
  onStart?: (id: string, index: number) => void;
  /** Called as each id settles, in settling order: stream outcomes from here. */
  onOutcome?: (outcome: BulkOutcome<T>, index: number) => void;
  /** Called after each id settles. */
  onProgress?: (progress: BulkProgress) => void;
  /**
   * Keep every outcome for the returned array. Set `false` for batches too large to hold in memory
   * (100,000 ids and more): outcomes then reach you only through `onOutcome`, and the array is empty.
   * @default true
   */
  keepOutcomes?: boolean;
}

export type BulkResult<T = LifecycleResult> = BulkOutcome<T>[];

/**
 * One outcome per input id, in input order (duplicates once per occurrence). Never rejects because of
 * an id: a bad id is a failed outcome with InvalidInputError. Rejects only for bad options or an
 * operation the provider lacks (before any request).
 */
export interface BulkMethods<Name extends string = string, Raw = unknown> {
  archiveMany(
    ids: readonly string[],
    options?: BulkOptions<LifecycleResult<'archived', Name, Raw>>,
  ): Promise<BulkResult<LifecycleResult<'archived', Name, Raw>>>;
  unarchiveMany(
    ids: readonly string[],
    options?: BulkOptions<LifecycleResult<'active', Name, Raw>>,
  ): Promise<BulkResult<LifecycleResult<'active', Name, Raw>>>;
  deleteMany(
    ids: readonly string[],
    options?: BulkOptions<LifecycleResult<'deleted', Name, Raw>>,
  ): Promise<BulkResult<LifecycleResult<'deleted', Name, Raw>>>;
}

/** Every batch method, for dynamic use. */
export type BulkOperations = BulkMethods;

type BulkOperation = 'archive' | 'unarchive' | 'delete';

/**
 * A client with exactly the operations `Op` (and their batches): what a vendor's factory returns, so an
 * unsupported call fails to compile.
 */
export type VendorClient<
  Paths extends {},
  Name extends string,
  Raw,
  Op extends LifecycleOperation = LifecycleOperation,
> = ClientBase<Paths, Name> &
  Pick<LifecycleMethods<Name, Raw>, Op> &
  Pick<BulkMethods<Name, Raw>, `${Op & BulkOperation}Many`>;

/** The client for one provider definition: its operations, literal name, typed `raw` and agents. */
export type ClientFor<D> = VendorClient<PathsOf<D>, NameOf<D>, RawOf<D>, OperationsOf<D>>;

/** Every operation and batch, for a vendor chosen at run time: check `supports()` first. */
export type AgentClient<Paths extends {} = {}> = VendorClient<Paths, string, unknown>;
