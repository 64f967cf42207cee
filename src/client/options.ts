// Client options: validated once at creation, defaults applied.
import { apiKeyEnvName, environment } from '../core/api-key-env.js';
import { InvalidInputError } from '../core/errors.js';
import type { AttemptObserver, CallOptions, FetchLike, Logger } from '../core/types.js';
import type { CallSettings } from '../internal/transport.js';
import { CONTROL_CHARS, ensure, isCount } from '../internal/validate.js';
import type { ClientOptionsBase } from './types.js';

/** setTimeout's ceiling; larger delays overflow to ~1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  /** Undefined: the global fetch, looked up at call time. */
  fetch: FetchLike | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** Infinity when there is none. */
  deadlineMs: number;
  logger: Logger | undefined;
  /** The client's `headers`, lower-case names, without Authorization (ours). */
  headers: Record<string, string>;
  onRequest: AttemptObserver['onRequest'];
  onResponse: AttemptObserver['onResponse'];
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_DEADLINE_MS = 120_000;

/**
 * The per-call knobs, checked like the client's (same messages), falling back to its values: `defaults`
 * itself when the call changes nothing, so the common call takes the shared path.
 */
export function resolveCallOptions(call: CallOptions | undefined, defaults: CallSettings): CallSettings {
  if (call === undefined) return defaults;
  const {
    timeoutMs = defaults.timeoutMs,
    maxRetries = defaults.maxRetries,
    deadlineMs = defaults.deadlineMs,
    hooks,
  } = call;
  ensure(
    hooks === undefined ||
      (typeof hooks === 'object' &&
        hooks !== null &&
        (hooks.before === undefined || typeof hooks.before === 'function') &&
        (hooks.after === undefined || typeof hooks.after === 'function')),
    'hooks must be an object whose before/after, if present, are functions',
  );
  const shouldRetry = retryDecision(call);
  if (
    hooks === undefined &&
    shouldRetry === undefined &&
    timeoutMs === defaults.timeoutMs &&
    maxRetries === defaults.maxRetries &&
    deadlineMs === defaults.deadlineMs
  )
    return defaults;
  return { ...checkTimings(timeoutMs, maxRetries, deadlineMs), hooks, ...(shouldRetry ? { shouldRetry } : {}) };
}

/** A call's `retry: false` or `shouldRetry` hook as the transport's decision; undefined: the default. */
function retryDecision(call: CallOptions): CallSettings['shouldRetry'] {
  const { retry, shouldRetry } = call;
  ensure(retry === undefined || typeof retry === 'boolean', 'retry must be a boolean');
  ensure(shouldRetry === undefined || typeof shouldRetry === 'function', 'shouldRetry must be a function');
  if (retry === false) return () => false;
  return shouldRetry;
}

function checkTimings(timeoutMs: unknown, maxRetries: unknown, deadlineMs: unknown) {
  ensure(
    typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0,
    'timeoutMs must be a finite number > 0',
  );
  ensure(isCount(maxRetries, 0), 'maxRetries must be a finite integer >= 0');
  ensure(
    typeof deadlineMs === 'number' && !Number.isNaN(deadlineMs) && deadlineMs > 0,
    'deadlineMs must be a number > 0 (Infinity for none)',
  );
  return { timeoutMs: Math.min(timeoutMs, MAX_TIMER_MS), maxRetries, deadlineMs };
}

/** `AGENT_LIFECYCLE_LOG=debug|warn`: a stderr logger when the caller gave none (secrets are redacted before). */
function loggerFromEnvironment(): Logger | undefined {
  const level = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.AGENT_LIFECYCLE_LOG;
  if (level !== 'debug' && level !== 'warn') return undefined;
  const write = (message: string, data?: Record<string, unknown>) =>
    console.error(data === undefined ? message : `${message} ${JSON.stringify(data)}`);
  return level === 'debug' ? { debug: write, warn: write } : { warn: write };
}

/**
 * `headers` (client or call) as a plain object with lower-case names, minus Authorization: the key is
 * ours to send. Checked now so that a bad name or value is an InvalidInputError, not a TypeError on
 * every request.
 */
export function resolveHeaders(headers: unknown, what: string): Record<string, string> {
  if (headers === undefined) return {};
  ensure(
    typeof headers === 'object' && headers !== null,
    `${what} must be an object, an array of [name, value] pairs or a Headers`,
  );
  let parsed: Headers;
  try {
    parsed = new Headers(headers as HeadersInit);
  } catch {
    // Headers' own message may quote the value; ours does not.
    throw new InvalidInputError(`${what} has an invalid header name or value (no control characters, Latin-1 only)`);
  }
  const out: Record<string, string> = {};
  parsed.forEach((value, name) => {
    if (name !== 'authorization') out[name] = value;
  });
  return out;
}

/** The key given, else the vendor's environment variable (the one the CLI reads). */
function resolveApiKey(apiKey: unknown, provider: string): string {
  if (apiKey !== undefined) return apiKey as string;
  const name = apiKeyEnvName(provider);
  const fromEnv = environment()?.[name];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  throw new InvalidInputError(`apiKey is required: pass apiKey or set ${name}`);
}

export function resolveOptions(options: ClientOptionsBase, defaultBaseUrl: string, provider = ''): ResolvedOptions {
  ensure(typeof options === 'object' && options !== null, 'options must be an object');
  const apiKey = resolveApiKey(options.apiKey, provider);
  const {
    fetch,
    logger = loggerFromEnvironment(),
    timeoutMs = DEFAULT_TIMEOUT_MS,
    maxRetries = DEFAULT_MAX_RETRIES,
    deadlineMs = DEFAULT_DEADLINE_MS,
  } = options;
  ensure(typeof apiKey === 'string' && apiKey.trim() !== '', 'apiKey is required');
  // A CR/LF in the key would make Headers throw later, and some runtimes echo the value.
  ensure(!CONTROL_CHARS.test(apiKey), 'apiKey must not contain control characters');
  // Header values are byte strings: anything above U+00FF makes Headers throw on every request.
  ensure(!/[^\u0000-\u00ff]/.test(apiKey), 'apiKey must contain only Latin-1 characters');

  // Only `undefined` means the default: an explicit null is a mistake, like null timeoutMs/maxRetries.
  const baseUrl = resolveBaseUrl(
    options.baseUrl === undefined ? defaultBaseUrl : options.baseUrl,
    options.allowInsecureHttp === true,
  );

  // Defaults apply only to an absent option (undefined): an explicit null is refused like any other non-number.
  const timings = checkTimings(timeoutMs, maxRetries, deadlineMs);
  ensure(fetch === undefined || typeof fetch === 'function', 'fetch must be a function');
  // Console-shaped: any object (or callable, like some loggers) whose debug/warn, where present, are functions.
  ensure(
    logger === undefined ||
      ((typeof logger === 'object' || typeof logger === 'function') &&
        logger !== null &&
        (['debug', 'warn'] as const).every((m) => logger[m] === undefined || typeof logger[m] === 'function')),
    'logger must be console-shaped: an object whose debug/warn, if present, are functions',
  );
  const { onRequest, onResponse } = options;
  ensure(onRequest === undefined || typeof onRequest === 'function', 'onRequest must be a function');
  ensure(onResponse === undefined || typeof onResponse === 'function', 'onResponse must be a function');
  const headers = resolveHeaders(options.headers, 'headers');
  return { apiKey, baseUrl, fetch, ...timings, logger, headers, onRequest, onResponse };
}

function resolveBaseUrl(raw: unknown, allowInsecureHttp: boolean): string {
  ensure(typeof raw === 'string', 'baseUrl must be a string');
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {}
  ensure(url, 'baseUrl is not a valid absolute URL');
  const { protocol, hostname } = url;
  ensure(protocol === 'https:' || protocol === 'http:', 'baseUrl must use https:// (or http:// for loopback)');
  ensure(
    protocol === 'https:' || allowInsecureHttp || /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname),
    'baseUrl uses http:// to a non-loopback host; the API key would be sent in clear (set allowInsecureHttp to override)',
  );
  // Paths are appended to the base as strings; a query or fragment would swallow them.
  ensure(!url.search && !url.hash, 'baseUrl must not contain a query or fragment');
  ensure(!url.username && !url.password, 'baseUrl must not contain credentials');
  return url.href.replace(/\/+$/, '');
}

/** A custom provider must at least look like one; `{}` would otherwise fail later with a bare TypeError. */
export function assertProviderDefinition(value: object): void {
  const def = value as Record<string, unknown>;
  const ok =
    typeof def.name === 'string' &&
    def.name !== '' &&
    typeof def.defaultBaseUrl === 'string' &&
    typeof def.operations === 'object' &&
    def.operations !== null &&
    typeof def.parseError === 'function';
  if (!ok)
    throw new InvalidInputError(
      'provider must be a provider name or a ProviderDefinition (name, defaultBaseUrl, operations, parseError)',
    );
}
