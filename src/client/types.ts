// The client's public shape: options, methods, and the per-vendor client types.
import type { Client } from 'openapi-fetch';
import type { NameOf, OperationsOf, PathsOf, RawOf } from '../core/provider.js';
import type {
  Agent,
  AgentPage,
  AttemptObserver,
  CallOptions,
  FetchLike,
  LifecycleOperation,
  LifecycleResult,
  ListOptions,
  Logger,
} from '../core/types.js';

/**
 * What `list()` returns: await it for the first page, or `for await` it for every agent of every page
 * (as openai-node's list methods do). Iterating reuses the first page's request.
 */
export type PagePromise<Raw = unknown> = ResponsePromise<AgentPage<Raw>> & AsyncIterable<Agent<Raw>>;

/**
 * What every method returns: await it for the result, or call `.withResponse()` for the result and the
 * HTTP answer it rests on (`response`: the last attempt's Response, status and headers intact, such as
 * `x-request-id` or rate-limit counters; its body is already read).
 */
export type ResponsePromise<T> = Promise<T> & {
  withResponse(): Promise<{ data: T; response: Response }>;
};
export interface ClientOptionsBase extends AttemptObserver {
  /**
   * The vendor's API key; sent only as `Authorization: Bearer`, never logged or put in an error.
   * @default process.env.AGENT_LIFECYCLE_<VENDOR>_API_KEY (vendor upper-cased, `-` as `_`), as the CLI reads it
   */
  apiKey?: string;
  /**
   * Sent with every request and every retry; a call's own `headers` win over these. `Authorization` is
   * ignored: the key is sent from `apiKey`.
   * @default none
   */
  headers?: HeadersInit;
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
/** Every operation's method, typed for one vendor. */
export interface LifecycleMethods<Name extends string = string, Raw = unknown> {
  archive(agentId: string, options?: CallOptions): ResponsePromise<LifecycleResult<'archived', Name, Raw>>;
  unarchive(agentId: string, options?: CallOptions): ResponsePromise<LifecycleResult<'active', Name, Raw>>;
  delete(agentId: string, options?: CallOptions): ResponsePromise<LifecycleResult<'deleted', Name, Raw>>;
  discardDraft(
    agentId: string,
    draftId: string,
    options?: CallOptions,
  ): ResponsePromise<LifecycleResult<'discarded', Name, Raw>>;
  get(agentId: string, options?: CallOptions): ResponsePromise<Agent<Raw>>;
  list(options?: ListOptions): PagePromise<Raw>;
}

/** What every client has, whatever it supports. */
export interface ClientBase<Paths extends {} = {}, Name extends string = string> {
  readonly provider: Name;
  /** For dynamic use (a vendor chosen at run time); a vendor's own client type lists only what it supports. */
  supports(operation: LifecycleOperation): boolean;
  /**
   * The typed openapi-fetch client, with the same auth, headers, timeout and retry behaviour.
   * `raw.use(middleware)` is supported: its middleware runs once per call of `raw` and of every
   * façade method (above the retries); for every attempt use the `onRequest`/`onResponse` options.
   */
  readonly raw: Client<Paths>;
}

/** Every lifecycle method, for dynamic use: an unsupported one rejects with UnsupportedOperationError. */
export interface LifecycleClient<Paths extends {} = {}, Name extends string = string, Raw = unknown>
  extends ClientBase<Paths, Name>,
    LifecycleMethods<Name, Raw> {}
/**
 * A client with exactly the operations `Op`: what a vendor's factory returns, so an
 * unsupported call fails to compile.
 */
export type VendorClient<
  Paths extends {},
  Name extends string,
  Raw,
  Op extends LifecycleOperation = LifecycleOperation,
> = ClientBase<Paths, Name> & Pick<LifecycleMethods<Name, Raw>, Op>;

/** The client for one provider definition: its operations, literal name, typed `raw` and agents. */
export type ClientFor<D> = VendorClient<PathsOf<D>, NameOf<D>, RawOf<D>, OperationsOf<D>>;
