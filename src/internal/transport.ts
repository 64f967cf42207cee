import { ConnectionError, TimeoutError } from '../core/errors.js';
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
  /**
   * The façade's word that the request's signal is inert: nothing can abort it (a call without a signal
   * of the caller's and no middleware). The attempt adds no abort listener to it.
   */
  inert?: boolean | undefined;
  /** Told how each attempt ended (the façade's record of a possibly lost answer). */
  observe?: ((response: Response | undefined, error: Error | undefined) => void) | undefined;
}

/**
 * The last attempt's answer: the Response as fetch gave it (its body read) and the body's bytes
 * (undefined when it has none), read once, inside the attempt.
 */
export interface Answer {
  response: Response;
  body: ArrayBuffer | undefined;
}

/**
 * What openapi-fetch builds for a façade call when nothing needs a real Request (no `raw.use()`
 * middleware): the URL and init, given to it as its per-request `Request` class. fetch then builds the
 * attempt's only Request; a Request of openapi-fetch's would be copied by fetch (Node 20: ~10 µs and a
 * body stream per call).
 */
export class RequestParts {
  readonly url: string;
  readonly init: RequestInit;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal | undefined;
  // openapi-fetch gives an upper-case method, a Headers and the serialized body.
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method as string;
    this.headers = init.headers as Headers;
    this.signal = init.signal ?? undefined;
  }
}

export type Transport = (request: Request | RequestParts, settings: CallSettings) => Promise<Answer>;

/** The caller's signal when a call has none: nothing aborts it. */
const NEVER = new AbortController().signal;

/**
 * The fetch below openapi-fetch (the façade's and `raw`'s): per-attempt timeout, caller abort (also while
 * waiting to retry), retries on 408/429/5xx/connection errors. The body is read inside the attempt, so
 * the timeout covers it and a reset mid-body is a connection error (and retried) like any other.
 *
 * Hot path (bench/call.bench.ts, bench/overhead.bench.ts): one AbortController per attempt, linked to the
 * caller's signal by a listener removed when the attempt ends (AbortSignal.any costs ~10 µs a call), and
 * none when the façade says that signal cannot abort (no caller's signal, no middleware); the
 * global fetch gets the façade's RequestParts as a URL and init (one Request, built by fetch) or a
 * Request and `{ signal }`, a caller's fetch or a hook a Request that carries the signal; the body is
 * read once and never copied; nothing is built for the logger unless there is one.
 */
export function createTransport({
  provider,
  fetch: customFetch,
  logger,
  redact,
  observer,
}: TransportOptions): Transport {
  const { onRequest, onResponse } = observer ?? {};
  const copyRequest = onRequest || onResponse || customFetch;

  /** `data` is a thunk: nothing is built when there is no logger. */
  const log = (level: 'debug' | 'warn', message: string, data: () => Record<string, unknown>) => {
    try {
      logger?.[level]?.(`[agent-lifecycle:${provider}] ${message}`, data());
    } catch {
      // A broken logger must not break requests.
    }
  };

  return async (request, { timeoutMs, maxRetries, deadlineMs, hooks, shouldRetry, observe, idempotent, inert }) => {
    idempotent ??= isIdempotentMethod(request.method);
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
    const parts = request instanceof RequestParts ? request : undefined;
    const callerSignal = request.signal ?? NEVER;
    const target = parts ? parts.url : (request as Request);
    // A Request's body is read once so every attempt can resend it; the parts' body is whole already.
    let sent = parts?.init.body ?? undefined;
    if (typeof target !== 'string' && target.body !== null) sent = await target.arrayBuffer();
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
      const init: RequestInit = parts
        ? { ...parts.init, signal: controller.signal }
        : { signal: controller.signal, body: sent };
      // The attempt's own Request only when a hook or a caller's fetch must see it (the common path builds none).
      const outgoing = copyRequest ? new Request(target, init) : undefined;
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
      let answer: Answer | undefined;
      let failure: Error | undefined;
      try {
        // Settles at the first of: the response and its whole body, the timeout, the caller's abort.
        // Rejecting here (not only aborting the fetch) gives up even if a caller's fetch ignores its signal.
        answer = await new Promise<Answer>((resolve, reject) => {
          const stop = (reason: unknown) => {
            controller.abort(reason);
            reject(reason);
          };
          if (!inert) {
            onCallerAbort = () => stop(callerSignal.reason);
            callerSignal.addEventListener('abort', onCallerAbort);
          }
          timer = setTimeout(() => {
            timedOut = true;
            stop(new DOMException('attempt timed out', 'TimeoutError'));
          }, attemptMs);
          (customFetch ? customFetch(outgoing!) : globalThis.fetch(outgoing ?? target, outgoing ? undefined : init))
            .then(async (response) => {
              // A Response made by a caller's fetch has no URL; errors name the one that was called.
              // (Only then: reading `url` serializes it, and the global fetch always sets it.)
              if (customFetch && !response.url) Object.defineProperty(response, 'url', { value: request.url });
              return { response, body: response.body === null ? undefined : await response.arrayBuffer() };
            })
            .then(resolve, reject);
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
        hooks?.after?.(answer?.response);
      }

      const response = answer?.response;
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
        if (attempt > maxRetries || !retryable(attempt, response, undefined)) return answer!;
      }
      const delayMs = retryDelayMs(attempt - 1, response);
      // No time left for the wait and another attempt: the last answer (or failure) is the outcome.
      if (Date.now() + delayMs >= deadlineAt) {
        if (answer) return answer;
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

/**
 * The answer again as a readable Response, for whoever reads the body after the transport did: `raw`
 * (openapi-fetch parses it) and `raw.use()` middleware. Only they pay for the copy; the façade parses
 * the bytes of the answer itself. A Content-Length makes openapi-fetch call `json()`, which here turns a
 * body that is not JSON into `notJson(text)`, a typed error, instead of a bare SyntaxError.
 */
export function replay({ response, body }: Answer, notJson: (response: Response, text: string) => Error): Response {
  const headers = new Headers(response.headers);
  if (body) headers.set('content-length', String(body.byteLength));
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers });
  return Object.defineProperties(copy, {
    url: { value: response.url },
    json: {
      async value() {
        const text = await copy.text();
        try {
          return JSON.parse(text);
        } catch {
          throw notJson(response, text);
        }
      },
    },
  });
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
