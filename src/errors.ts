/**
 * Error hierarchy (after openai-node's core/error.ts): one root, one HTTP base with a class per status
 * family, and non-HTTP failures. Errors never hold request headers, so they cannot leak the API key;
 * strings that came from the server are redacted before they get here (see error-factory.ts).
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

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
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
  readonly provider: string;
  readonly status: number;
  readonly code: ErrorCode;
  readonly vendorCode: string | undefined;
  readonly vendorMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: unknown;

  constructor(init: AgentApiErrorInit) {
    super(init.message);
    this.provider = init.provider;
    this.status = init.status;
    this.code = init.code;
    this.vendorCode = init.vendorCode;
    this.vendorMessage = init.vendorMessage;
    this.requestId = init.requestId;
    this.headers = init.headers;
    this.body = init.body;
  }

  override get name(): string {
    return 'AgentApiError';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      provider: this.provider,
      status: this.status,
      code: this.code,
      vendorCode: this.vendorCode,
      vendorMessage: this.vendorMessage,
      requestId: this.requestId,
      headers: this.headers,
      body: this.body,
    };
  }
}

/** 400, 422 and any other 4xx without its own class. */
export class BadRequestError extends AgentApiError {
  override get name(): string {
    return 'BadRequestError';
  }
}
export class AuthenticationError extends AgentApiError {
  override get name(): string {
    return 'AuthenticationError';
  }
}
export class PermissionDeniedError extends AgentApiError {
  override get name(): string {
    return 'PermissionDeniedError';
  }
}
export class NotFoundError extends AgentApiError {
  override get name(): string {
    return 'NotFoundError';
  }
}
export class ConflictError extends AgentApiError {
  override get name(): string {
    return 'ConflictError';
  }
}
export class RateLimitError extends AgentApiError {
  /** From Retry-After / X-RateLimit-Reset, uncapped; undefined when the server gave no hint. */
  readonly retryAfterMs: number | undefined;

  constructor(init: AgentApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }

  override get name(): string {
    return 'RateLimitError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
export class ServerError extends AgentApiError {
  override get name(): string {
    return 'ServerError';
  }
}

/** The request never got an HTTP answer (DNS, refused, reset, TLS...). */
export class ConnectionError extends AgentLifecycleError {
  override get name(): string {
    return 'ConnectionError';
  }
}
/** An attempt exceeded `timeoutMs` (after the retries were spent). */
export class TimeoutError extends AgentLifecycleError {
  override get name(): string {
    return 'TimeoutError';
  }
}
/** The caller's AbortSignal fired. Never retried. */
export class AbortError extends AgentLifecycleError {
  override get name(): string {
    return 'AbortError';
  }
}
/** Bad id or option, caught before any request. */
export class InvalidInputError extends AgentLifecycleError {
  override get name(): string {
    return 'InvalidInputError';
  }
}
export class UnsupportedOperationError extends AgentLifecycleError {
  readonly provider: string;
  readonly operation: string;

  constructor(provider: string, operation: string) {
    super(`${provider} does not support ${operation}()`);
    this.provider = provider;
    this.operation = operation;
  }

  override get name(): string {
    return 'UnsupportedOperationError';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), provider: this.provider, operation: this.operation };
  }
}
