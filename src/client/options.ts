// Client options, checked once at creation, and a call's own, checked before its request; defaults applied.
import { apiKeyEnvName, environment } from '../core/api-key-env.js';
import { InvalidInputError } from '../core/errors.js';
import type { AttemptObserver, CallOptions, FetchLike, Logger } from '../core/types.js';
import type { CallSettings } from '../internal/transport.js';
import { ensure, isCount, isObject, optional } from '../internal/validate.js';
import type { ClientOptionsBase } from './types.js';

export interface ResolvedOptions extends AttemptObserver {
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
}

/** setTimeout's ceiling; larger delays overflow to ~1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function timings(timeoutMs: unknown, maxRetries: unknown, deadlineMs: unknown) {
  ensure(Number.isFinite(timeoutMs) && (timeoutMs as number) > 0, 'timeoutMs must be a finite number > 0', 'timeoutMs');
  ensure(isCount(maxRetries, 0), 'maxRetries must be a finite integer >= 0', 'maxRetries');
  ensure(
    typeof deadlineMs === 'number' && deadlineMs > 0,
    'deadlineMs must be a number > 0 (Infinity for none)',
    'deadlineMs',
  );
  return { timeoutMs: Math.min(timeoutMs as number, MAX_TIMER_MS), maxRetries, deadlineMs };
}

/** A call's options, checked like the client's (same messages): its signal, headers and settings. */
export function resolveCallOptions(call: CallOptions | undefined, defaults: CallSettings) {
  if (call === undefined) return { settings: defaults };
  ensure(isObject(call), 'call options must be an object');
  const {
    signal,
    hooks,
    retry,
    timeoutMs = defaults.timeoutMs,
    maxRetries = defaults.maxRetries,
    deadlineMs = defaults.deadlineMs,
  } = call;
  ensure(signal === undefined || signal instanceof AbortSignal, 'signal must be an AbortSignal', 'signal');
  ensure(hooks === undefined || isObject(hooks), 'hooks must be an object', 'hooks');
  optional(hooks?.before, 'function', 'hooks.before');
  optional(hooks?.after, 'function', 'hooks.after');
  optional(retry, 'boolean', 'retry');
  optional(call.shouldRetry, 'function', 'shouldRetry');
  return {
    signal,
    headers: call.headers === undefined ? undefined : resolveHeaders(call.headers),
    settings: {
      ...timings(timeoutMs, maxRetries, deadlineMs),
      hooks,
      shouldRetry: retry === false ? () => false : call.shouldRetry,
    },
  };
}

/** `AGENT_LIFECYCLE_LOG=debug|warn`: a stderr logger when the caller gave none (secrets are redacted before). */
function loggerFromEnvironment(): Logger | undefined {
  const level = environment()?.AGENT_LIFECYCLE_LOG;
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
export function resolveHeaders(headers: unknown): Record<string, string> {
  ensure(isObject(headers), 'headers must be an object, an array of [name, value] pairs or a Headers', 'headers');
  const out: Record<string, string> = {};
  try {
    new Headers(headers as HeadersInit).forEach((value, name) => {
      if (name !== 'authorization') out[name] = value;
    });
  } catch {
    // Headers' own message may quote the value; ours does not.
    throw new InvalidInputError('headers has an invalid header name or value (no control characters, Latin-1 only)');
  }
  return out;
}

/** The vendor's environment variable (the one the CLI reads), unless unset or blank. */
function keyFromEnvironment(provider: string): string | undefined {
  const key = environment()?.[apiKeyEnvName(provider)];
  return key?.trim() ? key : undefined;
}

export function resolveOptions(options: ClientOptionsBase, defaultBaseUrl: string, provider = ''): ResolvedOptions {
  ensure(isObject(options), 'options must be an object');
  // Defaults apply only to an absent option (undefined): an explicit null is refused like any other mistake.
  const {
    apiKey = keyFromEnvironment(provider),
    baseUrl = defaultBaseUrl,
    fetch,
    logger = loggerFromEnvironment(),
    onRequest,
    onResponse,
    headers,
    timeoutMs = 30_000,
    maxRetries = 2,
    deadlineMs = 120_000,
  } = options;
  if (apiKey === undefined)
    throw new InvalidInputError(`apiKey is required: pass apiKey or set ${apiKeyEnvName(provider)}`, {
      option: 'apiKey',
    });
  ensure(typeof apiKey === 'string' && apiKey.trim() !== '', 'apiKey is required', 'apiKey');
  // Header values are printable byte strings: a CR/LF or anything above U+00FF makes Headers throw on
  // every request, and some runtimes echo the value.
  ensure(
    /^[\u0020-\u007e\u00a0-\u00ff]+$/.test(apiKey),
    'apiKey must contain only printable Latin-1 characters',
    'apiKey',
  );
  optional(fetch, 'function', 'fetch');
  optional(onRequest, 'function', 'onRequest');
  optional(onResponse, 'function', 'onResponse');
  // Console-shaped: any object (or callable, like some loggers) whose debug/warn, where present, are functions.
  ensure(logger === undefined || Object(logger) === logger, 'logger must be console-shaped', 'logger');
  optional(logger?.debug, 'function', 'logger.debug');
  optional(logger?.warn, 'function', 'logger.warn');
  return {
    apiKey,
    baseUrl: resolveBaseUrl(baseUrl, options.allowInsecureHttp === true),
    fetch,
    ...timings(timeoutMs, maxRetries, deadlineMs),
    logger,
    headers: headers === undefined ? {} : resolveHeaders(headers),
    onRequest,
    onResponse,
  };
}

function resolveBaseUrl(raw: unknown, allowInsecureHttp: boolean): string {
  let url: URL | undefined;
  try {
    url = new URL(raw as string);
  } catch {}
  ensure(typeof raw === 'string' && url, 'baseUrl must be a valid absolute URL', 'baseUrl');
  const { protocol, hostname } = url;
  ensure(
    protocol === 'https:' || protocol === 'http:',
    'baseUrl must use https:// (or http:// for loopback)',
    'baseUrl',
  );
  if (protocol === 'http:' && !allowInsecureHttp && !/^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname)) {
    throw new InvalidInputError('baseUrl uses http:// to a non-loopback host; the API key would be sent in clear', {
      option: 'baseUrl',
      override: 'allowInsecureHttp',
    });
  }
  // Paths are appended to the base as strings; a query, fragment or credentials would swallow or leak them.
  ensure(
    !url.search && !url.hash && !url.username && !url.password,
    'baseUrl must not contain a query, fragment or credentials',
    'baseUrl',
  );
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
