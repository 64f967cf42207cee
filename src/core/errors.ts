/**
 * Error hierarchy (after openai-node's core/error.ts): one root, one HTTP base with a class per status
 * family, and non-HTTP failures. Errors never hold request headers, so they cannot leak the API key;
 * strings that came from the server are redacted before they get here (see error-from-response.ts).
 */

export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server_error'
  | 'invalid_response';

export class AgentLifecycleError extends Error {
  /** name, message and every public field (own enumerable properties: never the cause or the stack). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

export interface AgentApiErrorInit<TStatus extends number = number> {
  provider: string;
  status: TStatus;
  code: ErrorCode;
  message: string;
  vendorCode?: string | undefined;
  vendorMessage?: string | undefined;
  requestId?: string | undefined;
  /** The URL that was called (no credentials are ever in it). */
  url?: string | undefined;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * An HTTP answer that is an error: a status outside 2xx, or a 2xx we cannot use (InvalidResponseError).
 * `status` is the literal status on each leaf class below.
 */
export class AgentApiError<TStatus extends number = number> extends AgentLifecycleError {
  declare readonly provider: string;
  declare readonly status: TStatus;
  declare readonly code: ErrorCode;
  declare readonly vendorCode: string | undefined;
  declare readonly vendorMessage: string | undefined;
  declare readonly requestId: string | undefined;
  declare readonly url: string | undefined;
  declare readonly headers: Record<string, string>;
  declare readonly body: unknown;

  constructor({ message, ...fields }: AgentApiErrorInit<TStatus>) {
    super(message);
    Object.assign(this, fields);
  }
}

// One line per class, as in openai-node; `status` is the literal status where there is one.
/** 400, 422 and any other 4xx without its own class. */
export class BadRequestError extends AgentApiError {}
export class AuthenticationError extends AgentApiError<401> {}
export class PermissionDeniedError extends AgentApiError<403> {}
export class NotFoundError extends AgentApiError<404> {}
export class ConflictError extends AgentApiError<409> {}
/** 5xx, and any status outside 2xx-5xx. */
export class ServerError extends AgentApiError {}
/** A 2xx whose body is not JSON or lacks what the vendor's spec promises: the vendor's defect. */
export class InvalidResponseError extends AgentApiError {}
/** 429. `retryAfterMs`: from Retry-After / X-RateLimit-Reset, uncapped; undefined when the server gave no hint. */
export class RateLimitError extends AgentApiError<429> {
  declare readonly retryAfterMs: number | undefined;
}

/** The request never got an HTTP answer (DNS, refused, reset, TLS...). */
export class ConnectionError extends AgentLifecycleError {}
/** An attempt exceeded `timeoutMs` (after the retries were spent). */
export class TimeoutError extends AgentLifecycleError {}
/** The caller's AbortSignal fired. Never retried. */
export class AbortError extends AgentLifecycleError {}
/** Bad id or option, caught before any request. */
/** Refused before any request: a bad option, id or argument. */
export class InvalidInputError extends AgentLifecycleError {
  /** The option the refusal is about (`baseUrl`, `timeoutMs`…), when it is about one. */
  readonly option?: string;
  /** The option that lifts the refusal (`allowInsecureHttp`), when one does. */
  readonly override?: string;

  constructor(reason: string, about: { option?: string; override?: string } = {}) {
    super(about.override ? `${reason} (set ${about.override} to override)` : reason);
    if (about.option) this.option = about.option;
    if (about.override) this.override = about.override;
    // The message without the override hint, for callers (the CLI) that name the override their way.
    Object.defineProperty(this, 'reason', { value: reason });
  }

  /** The message without the override hint. */
  declare readonly reason: string;
}

export class UnsupportedOperationError extends AgentLifecycleError {
  constructor(
    readonly provider: string,
    readonly operation: string,
  ) {
    super(`${provider} does not support ${operation}()`);
  }
}

// `name` comes from these literal keys, not from `constructor.name`, which a user's minifier may rename.
// A prototype getter (not an own field) keeps toJSON and util.inspect showing the same fields everywhere.
const NAMES = {
  AgentLifecycleError,
  AgentApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  ServerError,
  InvalidResponseError,
  RateLimitError,
  ConnectionError,
  TimeoutError,
  AbortError,
  InvalidInputError,
  UnsupportedOperationError,
};
for (const [name, Class] of Object.entries(NAMES)) {
  Object.defineProperty(Class.prototype, 'name', { get: () => name, configurable: true });
}
