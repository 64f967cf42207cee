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

const MAX_STRING = 2000;

function clip(text: string, max = MAX_STRING): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Bound every string (and array) so a hostile or broken server cannot make a 10 MB error. */
function bound(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => bound(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 100)) out[clip(k, 200)] = bound(v, depth + 1);
  return out;
}

/** openapi-fetch gives JSON, raw text, '' or undefined. */
function normalizeBody(body: unknown): unknown {
  if (body === '' || body === undefined || body === null) return undefined;
  return bound(body);
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
  // Redact before clipping: a cut could otherwise leave a prefix of the key behind.
  const safeBody = normalizeBody(redact(body));
  // A vendor parser must never turn a malformed body into a crash instead of a typed error.
  let info: VendorErrorInfo = {};
  try {
    info = safeBody !== undefined && typeof safeBody === 'object' ? parseError(safeBody) : {};
    if (info.vendorMessage !== undefined) info.vendorMessage = clip(info.vendorMessage);
    if (info.vendorCode !== undefined) info.vendorCode = clip(info.vendorCode, 200);
  } catch {
    info = {};
  }
  const headerId = redact(requestIdFromHeaders(response.headers));
  const requestId = headerId === undefined ? info.requestId : clip(headerId, 200);
  const detail = status < 400 ? 'unexpected response body' : info.vendorMessage ?? (safeBody === undefined ? 'empty response body' : typeof safeBody === 'string' ? 'non-JSON response body' : clip(redact(response.statusText), 200) || 'no message');
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
