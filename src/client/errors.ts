/**
 * Error hierarchy (after openai-node's core/error.ts): one root, one HTTP base with a class per status
 * family, and non-HTTP failures. Errors never hold request headers, so they cannot leak the API key;
 * strings that came from the server are redacted before they get here (see error-factory.ts).
 *
 * The leaf classes are made by one table-driven factory (`subclass`) rather than written out: each is a
 * real class (`instanceof`, `.name`, a stack headed by its name) and its type carries its literal name.
 */

export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server_error';

export class AgentLifecycleError extends Error {
  override get name(): string {
    return 'AgentLifecycleError';
  }

  /** name, message and every public field (own enumerable properties: never the cause or the stack). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

export interface AgentApiErrorInit {
  provider: string;
  status: number;
  code: ErrorCode;
  message: string;
  vendorCode?: string | undefined;
  vendorMessage?: string | undefined;
  requestId?: string | undefined;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export class AgentApiError extends AgentLifecycleError {
  declare readonly provider: string;
  declare readonly status: number;
  declare readonly code: ErrorCode;
  declare readonly vendorCode: string | undefined;
  declare readonly vendorMessage: string | undefined;
  declare readonly requestId: string | undefined;
  declare readonly headers: Record<string, string>;
  declare readonly body: unknown;

  constructor({ message, ...fields }: AgentApiErrorInit) {
    super(message);
    Object.assign(this, fields);
  }

  override get name(): string {
    return 'AgentApiError';
  }
}

// biome-ignore lint/suspicious/noExplicitAny: constructor parameters differ per class
type ErrorClass = new (...args: any[]) => AgentLifecycleError;

/** A leaf class: `Base` under another name, with the same constructor. */
type Leaf<
  Name extends string,
  Base extends ErrorClass,
  Args extends unknown[] = ConstructorParameters<Base>,
  Extra = {},
> = {
  new (...args: Args): InstanceType<Base> & Extra & { readonly name: Name };
  readonly prototype: InstanceType<Base> & Extra & { readonly name: Name };
};

function subclass<
  Name extends string,
  Base extends ErrorClass,
  Args extends unknown[] = ConstructorParameters<Base>,
  Extra = {},
>(Base: Base, name: Name): Leaf<Name, Base, Args, Extra> {
  const Class = class extends Base {};
  Object.defineProperty(Class, 'name', { value: name });
  Object.defineProperty(Class.prototype, 'name', { get: () => name, configurable: true });
  return Class as never;
}

/** 400, 422 and any other 4xx without its own class. */
export const BadRequestError = subclass(AgentApiError, 'BadRequestError');
export type BadRequestError = InstanceType<typeof BadRequestError>;
export const AuthenticationError = subclass(AgentApiError, 'AuthenticationError');
export type AuthenticationError = InstanceType<typeof AuthenticationError>;
export const PermissionDeniedError = subclass(AgentApiError, 'PermissionDeniedError');
export type PermissionDeniedError = InstanceType<typeof PermissionDeniedError>;
export const NotFoundError = subclass(AgentApiError, 'NotFoundError');
export type NotFoundError = InstanceType<typeof NotFoundError>;
export const ConflictError = subclass(AgentApiError, 'ConflictError');
export type ConflictError = InstanceType<typeof ConflictError>;
/** `retryAfterMs`: from Retry-After / X-RateLimit-Reset, uncapped; undefined when the server gave no hint. */
export const RateLimitError = subclass<
  'RateLimitError',
  typeof AgentApiError,
  [init: AgentApiErrorInit & { retryAfterMs?: number | undefined }],
  { readonly retryAfterMs: number | undefined }
>(AgentApiError, 'RateLimitError');
export type RateLimitError = InstanceType<typeof RateLimitError>;
export const ServerError = subclass(AgentApiError, 'ServerError');
export type ServerError = InstanceType<typeof ServerError>;

/** The request never got an HTTP answer (DNS, refused, reset, TLS...). */
export const ConnectionError = subclass(AgentLifecycleError, 'ConnectionError');
export type ConnectionError = InstanceType<typeof ConnectionError>;
/** An attempt exceeded `timeoutMs` (after the retries were spent). */
export const TimeoutError = subclass(AgentLifecycleError, 'TimeoutError');
export type TimeoutError = InstanceType<typeof TimeoutError>;
/** The caller's AbortSignal fired. Never retried. */
export const AbortError = subclass(AgentLifecycleError, 'AbortError');
export type AbortError = InstanceType<typeof AbortError>;
/** Bad id or option, caught before any request. */
export const InvalidInputError = subclass(AgentLifecycleError, 'InvalidInputError');
export type InvalidInputError = InstanceType<typeof InvalidInputError>;

export class UnsupportedOperationError extends AgentLifecycleError {
  constructor(
    readonly provider: string,
    readonly operation: string,
  ) {
    super(`${provider} does not support ${operation}()`);
  }

  override get name(): string {
    return 'UnsupportedOperationError';
  }
}
