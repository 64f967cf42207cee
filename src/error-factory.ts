import {
  AgentApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  type AgentApiErrorInit,
  type ErrorCode,
} from './errors.js';
import { requestIdFromHeaders } from './http.js';
import type { Redactor } from './redact.js';
import { headersForLog } from './redact.js';
import { serverRetryHintMs } from './retry.js';
import type { VendorErrorInfo } from './types.js';

type ApiErrorClass = new (init: AgentApiErrorInit) => AgentApiError;

/** Status -> class and normalized code. Unlisted 4xx are bad requests; 5xx (and anything odd) server errors. */
export function classifyStatus(status: number): { Class: ApiErrorClass; code: ErrorCode } {
  switch (status) {
    case 401:
      return { Class: AuthenticationError, code: 'unauthorized' };
    case 403:
      return { Class: PermissionDeniedError, code: 'forbidden' };
    case 404:
      return { Class: NotFoundError, code: 'not_found' };
    case 409:
      return { Class: ConflictError, code: 'conflict' };
    case 429:
      return { Class: RateLimitError, code: 'rate_limited' };
  }
  if (status >= 400 && status < 500) return { Class: BadRequestError, code: 'invalid_request' };
  if (status >= 500) return { Class: ServerError, code: 'server_error' };
  return { Class: AgentApiError, code: 'server_error' };
}

/** openapi-fetch gives JSON, raw text, '' or undefined; keep big HTML pages from bloating errors. */
function normalizeBody(body: unknown): unknown {
  if (body === '' || body === undefined || body === null) return undefined;
  if (typeof body === 'string' && body.length > 2000) return `${body.slice(0, 2000)}…`;
  return body;
}

export interface ApiErrorInput {
  provider: string;
  response: Response;
  body: unknown;
  parseError(body: unknown): VendorErrorInfo;
  redact: Redactor;
}

export function createApiError({ provider, response, body, parseError, redact }: ApiErrorInput): AgentApiError {
  const status = response.status;
  const { Class, code } = classifyStatus(status);
  const safeBody = redact(normalizeBody(body));
  // A vendor parser must never turn a malformed body into a crash instead of a typed error.
  let info: VendorErrorInfo = {};
  try {
    info = safeBody !== undefined && typeof safeBody === 'object' ? parseError(safeBody) : {};
  } catch {
    info = {};
  }
  const requestId = redact(requestIdFromHeaders(response.headers)) ?? info.requestId;
  const detail = status < 400 ? 'unexpected response body' : info.vendorMessage ?? (safeBody === undefined ? 'empty response body' : typeof safeBody === 'string' ? 'non-JSON response body' : response.statusText || 'no message');
  const init: AgentApiErrorInit = {
    provider,
    status,
    code,
    message: `${provider}: ${status} ${code}${info.vendorCode ? ` (${info.vendorCode})` : ''}: ${detail}${requestId ? ` [request ${requestId}]` : ''}`,
    vendorCode: info.vendorCode,
    vendorMessage: info.vendorMessage,
    requestId,
    headers: headersForLog(response.headers, redact),
    body: safeBody,
  };
  if (Class === RateLimitError) return new RateLimitError({ ...init, retryAfterMs: serverRetryHintMs(response.headers, status) });
  return new Class(init);
}
