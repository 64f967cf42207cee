import {
  AgentApiError,
  type AgentApiErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  type ErrorCode,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '../core/errors.js';
import { requestIdFromHeaders } from '../core/json.js';
import type { VendorErrorInfo } from '../core/types.js';
import { headersForLog, mapStrings, type Redactor } from '../internal/redaction.js';
import { serverRetryHintMs } from '../internal/retry-policy.js';

// The status is checked by the table below, not by the type: each leaf's constructor takes its literal.
type ApiErrorClass = new (init: AgentApiErrorInit<never>) => AgentApiError;

const BY_STATUS: Record<number, [ApiErrorClass, ErrorCode]> = {
  401: [AuthenticationError, 'unauthorized'],
  403: [PermissionDeniedError, 'forbidden'],
  404: [NotFoundError, 'not_found'],
  409: [ConflictError, 'conflict'],
  429: [RateLimitError, 'rate_limited'],
};

/** Status -> class and normalized code. Unlisted 4xx are bad requests; 5xx (and anything odd) server errors. */
export function classifyStatus(status: number): { Class: ApiErrorClass; code: ErrorCode } {
  const [Class, code] =
    BY_STATUS[status] ??
    (status >= 400 && status < 500
      ? [BadRequestError, 'invalid_request']
      : status >= 200 && status < 300
        ? [InvalidResponseError, 'invalid_response']
        : [status >= 500 ? ServerError : AgentApiError, 'server_error']);
  return { Class, code };
}

/** Cut a string to `max` characters (`…` marks the cut). */
function clip(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface ApiErrorInput {
  provider: string;
  response: Response;
  body: unknown;
  parseError(body: unknown): VendorErrorInfo;
  redact: Redactor;
  /** What is wrong with a 2xx body (ours to say: the status does not). */
  reason?: string;
}

export function createApiError({ provider, response, body, parseError, redact, reason }: ApiErrorInput): AgentApiError {
  const { status, headers } = response;
  const { Class, code } = classifyStatus(status);
  // openapi-fetch gives JSON, raw text, '' or undefined. Every string (and array) is bounded so a hostile
  // or broken server cannot make a 10 MB error; redacted first, as a cut could leave a prefix of the key.
  const safeBody = body === '' || body == null ? undefined : mapStrings(redact(body), clip, 100);
  // A vendor parser must never turn a malformed body into a crash instead of a typed error.
  let info: VendorErrorInfo = {};
  try {
    info = typeof safeBody === 'object' ? parseError(safeBody) : {};
    if (info.vendorMessage !== undefined) info.vendorMessage = clip(info.vendorMessage);
    if (info.vendorCode !== undefined) info.vendorCode = clip(info.vendorCode, 200);
  } catch {
    info = {};
  }
  const headerId = redact(requestIdFromHeaders(headers));
  const requestId = headerId === undefined ? info.requestId : clip(headerId, 200);
  const detail =
    status < 400
      ? (reason ?? 'unexpected response body')
      : (info.vendorMessage ??
        (safeBody === undefined
          ? 'empty response body'
          : typeof safeBody === 'string'
            ? 'non-JSON response body'
            : clip(redact(response.statusText), 200) || 'no message'));
  const init: AgentApiErrorInit & { retryAfterMs?: number | undefined } = {
    provider,
    status,
    code,
    message: `${provider}: ${status} ${code}${info.vendorCode ? ` (${info.vendorCode})` : ''}: ${detail}${requestId ? ` [request ${requestId}]` : ''}`,
    vendorCode: info.vendorCode,
    vendorMessage: info.vendorMessage,
    requestId,
    ...(response.url ? { url: redact(response.url) } : {}),
    headers: headersForLog(headers, redact),
    body: safeBody,
  };
  if (Class === RateLimitError) init.retryAfterMs = serverRetryHintMs(headers, status);
  return new Class(init as AgentApiErrorInit<never>);
}
