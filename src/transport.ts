import { AbortError, ConnectionError, TimeoutError } from './errors.js';
import { requestIdFromHeaders } from './http.js';
import { headersForLog, type Redactor } from './redact.js';
import { isRetryableStatus, retryDelayMs } from './retry.js';
import type { FetchLike, Logger } from './types.js';

export interface TransportOptions {
  provider: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  logger: Logger | undefined;
  redact: Redactor;
}

/**
 * A fetch for openapi-fetch's `createClient({ fetch })`: per-attempt timeout, caller abort (also while
 * waiting to retry), retries on 408/429/5xx/connection errors. Living below openapi-fetch means the raw
 * client behaves the same as the façade.
 */
export function createTransport(opts: TransportOptions): FetchLike {
  const { provider, timeoutMs, maxRetries, logger, redact } = opts;

  const log = (level: 'debug' | 'warn', message: string, data: Record<string, unknown>) => {
    try {
      logger?.[level]?.(`[agent-lifecycle:${provider}] ${message}`, data);
    } catch {
      // A broken logger must not break requests.
    }
  };

  return async function transportFetch(request: Request): Promise<Response> {
    const callerSignal = request.signal;
    // Buffer the body once so every attempt can resend it.
    const body = request.body === null ? undefined : await request.arrayBuffer();

    for (let attempt = 0; ; attempt++) {
      if (callerSignal.aborted) throw abortError(callerSignal);
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const signal = AbortSignal.any([callerSignal, timeout.signal]);
      const attemptRequest = new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: request.redirect,
        signal,
      });
      log('debug', 'request', {
        method: request.method,
        url: request.url,
        headers: headersForLog(request.headers, redact),
        attempt: attempt + 1,
      });

      const started = Date.now();
      let response: Response;
      try {
        // The body is read inside the attempt so the timeout covers it and a reset mid-body is a
        // connection error like any other (openapi-fetch would otherwise throw a bare TypeError).
        response = await untilAborted(fetchAndBuffer(opts.fetch, attemptRequest), signal);
      } catch (cause) {
        if (callerSignal.aborted) throw abortError(callerSignal);
        const failure = timeout.signal.aborted
          ? new TimeoutError(`${provider}: request timed out after ${timeoutMs} ms`)
          : new ConnectionError(`${provider}: connection error: ${redact(describe(cause))}`, { cause: safeCause(cause, redact) });
        if (attempt >= maxRetries) throw failure;
        const delay = retryDelayMs(attempt);
        log('warn', 'retrying', { attempt: attempt + 1, delayMs: delay, reason: failure.name });
        await sleep(delay, callerSignal);
        continue;
      } finally {
        clearTimeout(timer);
      }

      log('debug', 'response', {
        status: response.status,
        requestId: redact(requestIdFromHeaders(response.headers)),
        durationMs: Date.now() - started,
        attempt: attempt + 1,
      });
      if (!isRetryableStatus(response.status) || attempt >= maxRetries) return response;
      const delay = retryDelayMs(attempt, response);
      log('warn', 'retrying', { attempt: attempt + 1, delayMs: delay, status: response.status });
      await sleep(delay, callerSignal);
    }
  };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Whole response in memory (these APIs answer small JSON), re-wrapped so openapi-fetch can read it. */
async function fetchAndBuffer(fetchFn: FetchLike, request: Request): Promise<Response> {
  const response = await fetchFn(request);
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function abortError(signal: AbortSignal): AbortError {
  return new AbortError('request aborted', { cause: signal.reason });
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

const MAX_CAUSE_DEPTH = 4;

/**
 * A fresh copy of the cause chain that keeps only what helps debugging and cannot hold the key: the
 * redacted name, message, `code` and stack frames, down to MAX_CAUSE_DEPTH levels. Never the original
 * object: its other properties (a Request, axios-style `config.headers`) may carry Authorization.
 */
function safeCause(cause: unknown, redact: Redactor, depth = 0): Error {
  if (!(cause instanceof Error)) return new Error(redact(String(cause)));
  const message = redact(String(cause.message));
  const inner = cause.cause;
  const safe = new (cause instanceof TypeError ? TypeError : Error)(
    message,
    inner !== undefined && depth < MAX_CAUSE_DEPTH ? { cause: safeCause(inner, redact, depth + 1) } : undefined,
  );
  const name = redact(String(cause.name));
  if (name !== safe.name) safe.name = name;
  const { code } = cause as { code?: unknown };
  if (typeof code === 'string' || typeof code === 'number') (safe as { code?: unknown }).code = redact(code);
  const stack = typeof cause.stack === 'string' ? cause.stack : '';
  const frames = stack.indexOf('\n    at ');
  safe.stack = `${name}: ${message}${frames < 0 ? '' : redact(stack.slice(frames))}`;
  return safe;
}

/** Rejects as soon as `signal` aborts, even if an injected fetch ignores its signal. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
