import type { Client, ClientPathsWithMethod } from 'openapi-fetch';
import type { AgentApiError } from './errors.js';

/** The façade's operations. Each provider supports a subset (see `supports()`). */
export type LifecycleOperation = 'archive' | 'unarchive' | 'delete' | 'discardDraft' | 'get' | 'list';

export type LifecycleState = 'archived' | 'active' | 'deleted' | 'discarded';

/** One normalized agent, whatever the vendor's shape. `raw` is the vendor's object, untouched. */
export interface Agent {
  id: string;
  name: string | null;
  archived: boolean;
  archivedAt: string | null;
  raw: unknown;
}

export interface LifecycleResult {
  provider: string;
  agentId: string;
  state: LifecycleState;
  /** True when the vendor told us the agent was already in `state` (nothing changed). */
  alreadyInState?: boolean;
  requestId?: string;
  /** Present where the vendor returns the agent. */
  agent?: Agent;
}

export interface AgentPage {
  agents: Agent[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  includeArchived?: boolean;
  limit?: number;
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
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  /** Per attempt, default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, default 2. */
  maxRetries?: number;
  logger?: Logger;
  /** Allow `http://` to non-loopback hosts. Off by default: the API key would travel in clear. */
  allowInsecureHttp?: boolean;
}

/** What a provider operation gets from the façade. */
export interface OperationContext<Paths extends {}> {
  client: Client<Paths>;
  signal?: AbortSignal;
  /** The typed error for a non-2xx response, envelope parsed by the provider, secrets redacted. */
  apiError(response: Response, body: unknown): AgentApiError;
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

/**
 * All knowledge about one vendor. The façade only calls these; an operation is supported when it is in
 * `operations` (façade op -> spec route, method and path) and implemented.
 */
// biome-ignore lint/suspicious/noExplicitAny: an untyped custom provider accepts any paths, as openapi-fetch does
export interface ProviderDefinition<Paths extends {} = any> {
  name: string;
  defaultBaseUrl: string;
  operations: Partial<Record<LifecycleOperation, OperationBinding<Paths>>>;
  parseError(body: unknown): VendorErrorInfo;
  archive?(ctx: OperationContext<Paths>, agentId: string): Promise<LifecycleResult>;
  unarchive?(ctx: OperationContext<Paths>, agentId: string): Promise<LifecycleResult>;
  delete?(ctx: OperationContext<Paths>, agentId: string): Promise<LifecycleResult>;
  discardDraft?(ctx: OperationContext<Paths>, agentId: string, draftId: string): Promise<LifecycleResult>;
  get?(ctx: OperationContext<Paths>, agentId: string): Promise<Agent>;
  list?(ctx: OperationContext<Paths>, options: ListOptions): Promise<AgentPage>;
}

export type PathsOf<D> = D extends ProviderDefinition<infer P> ? P : never;

/** The six lifecycle operations of one vendor, plus its typed raw client. */
export interface LifecycleClient<Paths extends {} = {}> {
  readonly provider: string;
  archive(agentId: string, options?: CallOptions): Promise<LifecycleResult>;
  unarchive(agentId: string, options?: CallOptions): Promise<LifecycleResult>;
  delete(agentId: string, options?: CallOptions): Promise<LifecycleResult>;
  discardDraft(agentId: string, draftId: string, options?: CallOptions): Promise<LifecycleResult>;
  get(agentId: string, options?: CallOptions): Promise<Agent>;
  list(options?: ListOptions): Promise<AgentPage>;
  supports(operation: LifecycleOperation): boolean;
  /** The typed openapi-fetch client, with the same auth, timeout and retry behaviour. */
  readonly raw: Client<Paths>;
}

/**
 * How an id of a batch ended. `done`: the vendor confirmed it. `failed`: the vendor (or our checks)
 * refused it, `error` says why. `not_sent`: no request for it left this process. `unknown`: a request
 * was sent but no answer was seen (aborted in flight): it may or may not have taken effect.
 */
export type BulkStatus = 'done' | 'failed' | 'not_sent' | 'unknown';

/** One id's outcome in a batch. */
export type BulkOutcome<T> =
  | { id: string; ok: true; status: 'done'; result: T }
  | { id: string; ok: false; status: 'failed' | 'not_sent' | 'unknown'; error: Error };

export interface BulkProgress {
  /** Ids that were sent and settled (done, failed or unknown). */
  done: number;
  total: number;
  failed: number;
  /** Ids settled without being sent (the batch stopped first). */
  notSent: number;
}

export interface BulkOptions {
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
  onOutcome?: (outcome: BulkOutcome<LifecycleResult>, index: number) => void;
  /** Called after each id settles. */
  onProgress?: (progress: BulkProgress) => void;
  /**
   * Keep every outcome for the returned array. Set `false` for batches too large to hold in memory
   * (100,000 ids and more): outcomes then reach you only through `onOutcome`, and the array is empty.
   * @default true
   */
  keepOutcomes?: boolean;
}

export type BulkResult = BulkOutcome<LifecycleResult>[];

/**
 * One outcome per input id, in input order (duplicates once per occurrence). Never rejects because of
 * an id: a bad id is a failed outcome with InvalidInputError. Rejects only for bad options or an
 * operation the provider lacks (before any request).
 */
export interface BulkOperations {
  archiveMany(ids: readonly string[], options?: BulkOptions): Promise<BulkResult>;
  unarchiveMany(ids: readonly string[], options?: BulkOptions): Promise<BulkResult>;
  deleteMany(ids: readonly string[], options?: BulkOptions): Promise<BulkResult>;
}

/** What `createAgentClient` and the per-vendor factories return: the lifecycle operations and batches. */
export interface AgentClient<Paths extends {} = {}> extends LifecycleClient<Paths>, BulkOperations {}
