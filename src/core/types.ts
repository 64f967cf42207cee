// Types shared by every layer: what a lifecycle call takes and gives back, whatever the vendor.

/** The façade's operations, in one place. Each provider supports a subset (see `supports()`). */
export const LIFECYCLE_OPERATIONS = ['archive', 'unarchive', 'delete', 'discardDraft', 'get', 'list'] as const;
export type LifecycleOperation = (typeof LIFECYCLE_OPERATIONS)[number];

/** The methods an OpenAPI path item (and the generated `paths`) is keyed by. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

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
  /**
   * True when an earlier attempt's answer was lost (5xx, reset, timeout) and a retry found the agent
   * already in `state`: the change happened, but whether this call or another one made it is unknown.
   */
  uncertain?: boolean;
  /** True when the vendor answered 2xx (the change happened) with a body we could not read. */
  bodyUnreadable?: boolean;
  requestId?: string;
  /** Present where the vendor returns the agent. */
  agent?: Agent<Raw>;
}

export interface AgentPage<Raw = unknown> {
  agents: Agent<Raw>[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Per call; each falls back to the client's option of the same name. */
export interface CallOptions {
  /**
   * Aborts the call: mid-request and during a backoff wait; it rejects with AbortError.
   * @default none
   */
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
  /**
   * Runs around each attempt of this call, retries included: how batches pace themselves.
   * @default none
   */
  hooks?: AttemptHooks;
  /**
   * `false`: one attempt only, whatever the answer.
   * @default true (retries as the operation's declared idempotency allows, up to maxRetries)
   */
  retry?: boolean;
  /**
   * Decides, after an attempt that failed or answered non-2xx, whether to try again (`maxRetries` and
   * `deadlineMs` still bound it). `attempt` is 1-based; `response` is undefined after a connection
   * error or timeout, then `error` says which. A hook that throws means no retry.
   * @default retry 408/429/5xx and connection errors when the operation is idempotent; otherwise only
   * when the request cannot have reached the server (408, 429, connection refused)
   */
  shouldRetry?: (attempt: number, response: Response | undefined, error?: Error) => boolean;
  /**
   * Sent with every attempt of this call, over the client's `headers` (a name given here wins).
   * `Authorization` is ignored: the client's key is always the one sent.
   * @default none (the client's headers only)
   */
  headers?: HeadersInit;
}

/**
 * Client-wide middleware that sees every attempt, retries included (openapi-fetch's `raw.use()`
 * middleware runs once per call, above the retries). The request carries the real Authorization
 * header: a hook that logs it must mask it.
 */
export interface AttemptObserver {
  /**
   * Called before each attempt is sent, with the Request about to go out; may set or delete its
   * headers. A throw or rejection ends the call with that error.
   * @default none
   */
  onRequest?(request: Request, info: { attempt: number }): void | Promise<void>;
  /**
   * Called with each attempt's answer (body already read: use `response.headers` and `status`), before
   * the retry decision. A throw or rejection ends the call with that error.
   * @default none
   */
  onResponse?(response: Response, info: { attempt: number; request: Request }): void | Promise<void>;
}

/**
 * A public per-call hook (as Octokit's `hook.wrap`): `agent-lifecycle/bulk` composes its rate gate over
 * any client with it.
 */
export interface AttemptHooks {
  /** Awaited before each attempt, before its timer starts; a rejection ends the call with that error. */
  before?(signal: AbortSignal): Promise<void>;
  /**
   * Called once for every attempt `before` let through, when it ends: with its answer, or with undefined
   * when there was none (never sent, timed out, aborted, connection error).
   */
  after?(response: Response | undefined): void;
}

export interface ListOptions extends CallOptions {
  /** @default false */
  includeArchived?: boolean;
  /**
   * Page size.
   * @default the vendor's
   */
  limit?: number;
  /**
   * From a previous page's `nextCursor`.
   * @default none (the first page)
   */
  cursor?: string;
}

/** Console-compatible; every method optional. Receives no secrets (Authorization is `Bearer ***`). */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** openapi-fetch style: the transport always calls it with one `Request`. */
export type FetchLike = (request: Request) => Promise<Response>;
/** What a provider's `parseError` extracts from its envelope. */
export interface VendorErrorInfo {
  vendorCode?: string;
  vendorMessage?: string;
  requestId?: string;
}
/** The result of each state-changing operation. */
export interface OperationStates {
  archive: 'archived';
  unarchive: 'active';
  delete: 'deleted';
  discardDraft: 'discarded';
}
