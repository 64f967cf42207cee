/** When and how long to wait before another attempt. Pure functions; the clock is Date.now(). */

export const MAX_RETRY_DELAY_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const SECONDS = /^\d+(\.\d+)?$/;
// An HTTP date (RFC 9110: IMF-fixdate, or the obsolete RFC 850 / asctime forms) starts with a day
// name; V8's lenient Date.parse would otherwise read "-1" or "3." as dates in 2001 (= retry at once).
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i;

/** 408, 429 and 5xx; never 409 or another 4xx (a 409 answer will not change by asking again). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^attempt)). */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** attempt));
}

/**
 * The server's hint in ms, uncapped: `Retry-After` (seconds or HTTP date), else on a 429
 * `X-RateLimit-Reset` (Unix seconds). Undefined when absent or unreadable.
 */
export function serverRetryHintMs(headers: Headers, status: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (SECONDS.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = HTTP_DATE.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  // Ayra sends X-RateLimit-Reset on every response; it only means "wait" on a 429.
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (status === 429 && reset && SECONDS.test(reset)) {
    return Math.max(0, Math.round(Number(reset) * 1000 - Date.now()));
  }
  return undefined;
}

/** Delay before retry number `attempt` (0-based): the server's hint capped at 60 s, else backoff. */
export function retryDelayMs(attempt: number, response?: Response): number {
  const hint = response ? serverRetryHintMs(response.headers, response.status) : undefined;
  return hint === undefined ? backoffDelayMs(attempt) : Math.min(hint, MAX_RETRY_DELAY_MS);
}

/** Methods RFC 9110 calls idempotent: the default when an operation declares nothing (as ky does). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Connection failures where the request never left: nothing can have happened on the server. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function neverSent(error: Error): boolean {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 6; depth++) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
    cause = cause.cause;
  }
  return false;
}

/**
 * Whether an attempt's answer may have been lost after the server acted on the request: a 5xx, a
 * timeout, a reset. A 408/429 says it was not processed; a refused connection says it never arrived.
 */
export function mayHaveReachedServer(response: Response | undefined, error: Error | undefined): boolean {
  if (response) return response.status >= 500;
  return error !== undefined && error.name !== 'AbortError' && !neverSent(error);
}

/**
 * The default decision after a failed attempt (ky / openai-node): an idempotent request is retried on
 * 408/429/5xx and any connection failure or timeout; a non-idempotent one only when the server cannot
 * have acted on it (408, 429, a connection never made), so a lost answer is never sent twice.
 */
export function defaultShouldRetry(idempotent: boolean, response: Response | undefined, error: Error | undefined) {
  if (idempotent) return response ? isRetryableStatus(response.status) : true;
  if (response) return response.status === 408 || response.status === 429;
  return error !== undefined && neverSent(error);
}
