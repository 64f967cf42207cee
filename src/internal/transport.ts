import { ConnectionError, InvalidResponseError, TimeoutError } from '../core/errors.js';
import { requestIdFromHeaders } from '../core/json.js';
import { abortError, sleep } from '../core/sleep.js';
import type { AttemptHooks, AttemptObserver, FetchLike, Logger } from '../core/types.js';
import { headersForLog, type Redactor } from './redaction.js';
import { defaultShouldRetry, isIdempotentMethod, retryDelayMs } from './retry-policy.js';

export interface TransportOptions {
  provider: string;
  /** A caller's fetch, given one Request per attempt; undefined means the global fetch. */
  fetch: FetchLike | undefined;
  logger: Logger | undefined;
  redact: Redactor;
  /** The client's per-attempt middleware (`onRequest`/`onResponse`), if any. */
  observer?: AttemptObserver;
}

/** One call's settings: the client's, or a call's own (checked by the façade). */
export interface CallSettings {
  timeoutMs: number;
  maxRetries: number;
  /** Bounds a whole call: every attempt and backoff wait. Infinity for none. */
  deadlineMs: number;
  hooks?: AttemptHooks | undefined;
  /** Whether the request may be sent again after it may have reached the server; undefined: by method. */
  idempotent?: boolean | undefined;
  /**
   * Replaces the default decision after an attempt that failed or answered non-2xx (`maxRetries` and the
   * deadline still bound it): the caller's `shouldRetry`, or `() => false` for `retry: false`.
   */
  shouldRetry?: ((attempt: number, response: Response | undefined, error: Error | undefined) => boolean) | undefined;
  /** Told how each attempt ended (the façade's record of a possibly lost answer). */
  observe?: ((response: Response | undefined, error: Error | undefined) => void) | undefined;
}

export type Transport = (request: Request, settings: CallSettings) => Promise<Response>;

/**
 * A fetch for openapi-fetch's `createClient({ fetch })`: per-attempt timeout, caller abort (also while
 * waiting to retry), retries on 408/429/5xx/connection errors. Living below openapi-fetch means the raw
 * client behaves the same as the façade.
 *
 * Hot path (see bench/overhead.bench.ts): one AbortController per attempt, linked to the caller's signal
 * by a listener removed when the attempt ends (AbortSignal.any costs ~10 µs a call); the global fetch
 * gets the request and `{ signal }` (it builds its own Request anyway), a caller's fetch a copy that
 * carries the signal; nothing is built for the logger unless there is one.
 */
export function createTransport(opts: TransportOptions): Transport {
  const { provider, fetch: customFetch, logger, redact } = opts;
  const { onRequest, onResponse } = opts.observer ?? {};
  const observed = onRequest !== undefined || onResponse !== undefined;

  /** `data` is a thunk: nothing is built when there is no logger. */
  const log = (level: 'debug' | 'warn', message: string, data: () => Record<string, unknown>) => {
    try {
      logger?.[level]?.(`[agent-lifecycle:${provider}] ${message}`, data());
    } catch {
      // A broken logger must not break requests.
    }
  };

  return async function transportFetch(request: Request, settings: CallSettings): Promise<Response> {
    const { timeoutMs, maxRetries, deadlineMs, hooks, shouldRetry, observe } = settings;
    const idempotent = settings.idempotent ?? isIdempotentMethod(request.method);
    const retryable = (attempt: number, response: Response | undefined, error: Error | undefined) => {
      if (response?.ok) return false;
      if (!shouldRetry) return defaultShouldRetry(idempotent, response, error);
      try {
        return shouldRetry(attempt, response, error) === true;
      } catch {
        // A throwing hook must not turn an answer into a crash: no retry.
        return false;
      }
    };
    const callerSignal = request.signal;
    // Buffer the body once so every attempt can resend it.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const deadlineAt = Date.now() + deadlineMs;
    const pastDeadline = (attempts: number) =>
      new TimeoutError(
        `${provider}: no answer within the call's deadline of ${deadlineMs} ms (${attempts} attempt(s))`,
      );

    for (let attempt = 1; ; attempt++) {
      if (callerSignal.aborted) throw abortError(callerSignal);
      if (hooks?.before) await hooks.before(callerSignal);
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) {
        hooks?.after?.(undefined);
        throw pastDeadline(attempt - 1);
      }
      // The attempt's timer is the smaller of its own timeout and what is left of the deadline.
      const attemptMs = Math.min(timeoutMs, remaining);
      const controller = new AbortController();
      const init: RequestInit = { signal: controller.signal, body };
      // The attempt's own Request only when a hook must see it (the common path builds none).
      const outgoing = observed || customFetch ? new Request(request, init) : undefined;
      if (onRequest) {
        try {
          await onRequest(outgoing!, { attempt });
        } catch (error) {
          hooks?.after?.(undefined);
          throw error;
        }
      }
      log('debug', 'request', () => ({
        method: request.method,
        url: request.url,
        headers: headersForLog(request.headers, redact),
        attempt,
      }));

      const started = Date.now();
      let timedOut = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onCallerAbort: (() => void) | undefined;
      let response: Response | undefined;
      let failure: Error | undefined;
      try {
        // Settles at the first of: the response and its whole body, the timeout, the caller's abort.
        // Rejecting here (not only aborting the fetch) gives up even if a caller's fetch ignores its signal.
        response = await new Promise<Response>((resolve, reject) => {
          const stop = (reason: unknown) => {
            controller.abort(reason);
            reject(reason);
          };
          onCallerAbort = () => stop(callerSignal.reason);
          callerSignal.addEventListener('abort', onCallerAbort);
          timer = setTimeout(() => {
            timedOut = true;
            stop(new DOMException('attempt timed out', 'TimeoutError'));
          }, attemptMs);
          // The body is read inside the attempt so the timeout covers it and a reset mid-body is a
          // connection error like any other (openapi-fetch would otherwise throw a bare TypeError).
          send(
            customFetch
              ? customFetch(outgoing!)
              : outgoing
                ? globalThis.fetch(outgoing)
                : globalThis.fetch(request, init),
            request.url,
            provider,
            redact,
          ).then(resolve, reject);
        });
      } catch (cause) {
        if (callerSignal.aborted) throw abortError(callerSignal);
        if (timedOut && attemptMs < timeoutMs) throw pastDeadline(attempt);
        failure = timedOut
          ? new TimeoutError(`${provider}: request timed out after ${timeoutMs} ms`)
          : new ConnectionError(`${provider}: connection error: ${redact(describe(cause))}`, {
              cause: safeCause(cause, redact),
            });
        observe?.(undefined, failure);
        if (attempt > maxRetries || !retryable(attempt, undefined, failure)) throw failure;
      } finally {
        clearTimeout(timer);
        callerSignal.removeEventListener('abort', onCallerAbort!);
        hooks?.after?.(response);
      }

      if (response) {
        const { status, headers } = response;
        log('debug', 'response', () => ({
          status,
          requestId: redact(requestIdFromHeaders(headers)),
          durationMs: Date.now() - started,
          attempt,
        }));
        observe?.(response, undefined);
        if (onResponse) await onResponse(response, { attempt, request: outgoing! });
        if (attempt > maxRetries || !retryable(attempt, response, undefined)) return response;
      }
      const delayMs = retryDelayMs(attempt - 1, response);
      // No time left for the wait and another attempt: the last answer (or failure) is the outcome.
      if (Date.now() + delayMs >= deadlineAt) {
        if (response) return response;
        throw failure!;
      }
      log('warn', 'retrying', () => ({
        attempt,
        delayMs,
        ...(response ? { status: response.status } : { reason: failure!.name }),
      }));
      await sleep(delayMs, callerSignal);
    }
  };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The whole answer in memory, and JSON parsed once, when openapi-fetch asks for it: `json()` on a body
 * that is not JSON is one typed error (InvalidResponseError, body kept redacted), never a bare
 * SyntaxError from inside openapi-fetch. `text()` and the rest behave as on any Response.
 */
class BufferedResponse extends Response {
  constructor(
    body: ArrayBuffer,
    init: ResponseInit,
    private readonly notJson: (text: string) => Error,
  ) {
    super(body, init);
  }
  override async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text);
    } catch {
      throw this.notJson(text);
    }
  }
}

/**
 * Reads the body inside the attempt, so that the per-attempt timeout covers it too (these APIs answer
 * small JSON).
 */
async function send(pending: Promise<Response>, url: string, provider: string, redact: Redactor): Promise<Response> {
  const response = await pending;
  if (NULL_BODY_STATUSES.has(response.status)) return response;
  const bytes = await response.arrayBuffer();
  const where = response.url || url;
  // With a Content-Length, openapi-fetch reads a body with json() (without one, text() + JSON.parse).
  const headers = new Headers(response.headers);
  headers.set('content-length', String(bytes.byteLength));
  const notJson = (text: string) => {
    const requestId = redact(requestIdFromHeaders(response.headers));
    return new InvalidResponseError({
      provider,
      status: response.status,
      code: 'invalid_response',
      message: `${provider}: ${response.status} invalid_response: the body is not valid JSON${requestId ? ` [request ${requestId}]` : ''}`,
      requestId,
      url: redact(where),
      headers: headersForLog(response.headers, redact),
      // Kept (redacted, bounded) for whoever debugs the vendor's answer.
      body: redact(text.length > 2000 ? `${text.slice(0, 2000)}…` : text),
    });
  };
  const buffered = new BufferedResponse(
    bytes,
    { status: response.status, statusText: response.statusText, headers },
    notJson,
  );
  // A constructed Response has no URL; errors name the URL that was called.
  Object.defineProperty(buffered, 'url', { value: where });
  return buffered;
}

/** undici says only "fetch failed"; the reason (ECONNREFUSED 127.0.0.1:9, a reset...) is in its cause. */
function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause as { code?: unknown; address?: unknown; port?: unknown; message?: unknown } | undefined;
  if (!inner) return cause.message;
  if (typeof inner.code !== 'string')
    return typeof inner.message === 'string' && inner.message ? `${cause.message} (${inner.message})` : cause.message;
  const where =
    typeof inner.address === 'string'
      ? ` ${inner.address}${typeof inner.port === 'number' ? `:${inner.port}` : ''}`
      : '';
  return `${cause.message} (${inner.code}${where})`;
}

const MAX_CAUSE_DEPTH = 4;

/**
 * A fresh copy of the cause chain that keeps only what helps debugging and cannot hold the key: the
 * redacted name, message and `code`, down to MAX_CAUSE_DEPTH levels. Never the original
 * object: its other properties (a Request, axios-style `config.headers`) may carry Authorization.
 */
function safeCause(cause: unknown, redact: Redactor, depth = 0): Error {
  const {
    name,
    code,
    cause: inner,
  } = (cause instanceof Error ? cause : {}) as { name?: unknown; code?: unknown; cause?: unknown };
  const safe = new (cause instanceof TypeError ? TypeError : Error)(
    redact(cause instanceof Error ? cause.message : String(cause)),
    inner !== undefined && depth < MAX_CAUSE_DEPTH ? { cause: safeCause(inner, redact, depth + 1) } : undefined,
  );
  if (typeof name === 'string' && name !== safe.name) safe.name = redact(name);
  if (typeof code === 'string' || typeof code === 'number') Object.assign(safe, { code: redact(code) });
  return safe;
}
