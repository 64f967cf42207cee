import { InvalidInputError } from './errors.js';
import type { ClientOptionsBase, FetchLike, Logger } from './types.js';

// C0, DEL and C1 controls: never valid in an id, and a CR/LF could smuggle a header or log line.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
// A lone surrogate makes encodeURIComponent throw a bare URIError.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Header values are byte strings: anything above U+00FF makes Headers throw on every request.
const NOT_LATIN1 = /[^\u0000-\u00ff]/;
/** setTimeout's ceiling; larger delays overflow to ~1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ids reach the URL through openapi-fetch's path serializer, which applies encodeURIComponent once,
 * so `/ ? # %` are encoded and cannot leave their segment. `.` and `..` survive encoding and would be
 * resolved away by the URL parser, hence refused. Messages never echo the value (it might be a secret).
 */
export function assertId(value: unknown, label: string): asserts value is string {
  if (typeof value !== 'string') throw new InvalidInputError(`${label} must be a string`);
  if (value === '') throw new InvalidInputError(`${label} must not be empty`);
  if (CONTROL_CHARS.test(value)) throw new InvalidInputError(`${label} must not contain control characters`);
  if (LONE_SURROGATE.test(value)) throw new InvalidInputError(`${label} must be well-formed Unicode`);
  if (value === '.' || value === '..') throw new InvalidInputError(`${label} must not be "." or ".."`);
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  /** Undefined: the global fetch, looked up at call time. */
  fetch: FetchLike | undefined;
  timeoutMs: number;
  maxRetries: number;
  logger: Logger | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

export function resolveOptions(options: ClientOptionsBase, defaultBaseUrl: string): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('options must be an object');
  const { apiKey } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') throw new InvalidInputError('apiKey is required');
  // A CR/LF in the key would make Headers throw later, and some runtimes echo the value.
  if (CONTROL_CHARS.test(apiKey)) throw new InvalidInputError('apiKey must not contain control characters');
  if (NOT_LATIN1.test(apiKey)) throw new InvalidInputError('apiKey must contain only Latin-1 characters');

  const baseUrl = resolveBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp === true);

  // `null` is refused, not read as "default": only an absent option (undefined) takes the default.
  const timeoutMs = options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : options.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidInputError('timeoutMs must be a finite number > 0');
  }
  const maxRetries = options.maxRetries === undefined ? DEFAULT_MAX_RETRIES : options.maxRetries;
  if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidInputError('maxRetries must be a finite integer >= 0');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new InvalidInputError('fetch must be a function');
  }
  if (options.logger !== undefined && (typeof options.logger !== 'object' || options.logger === null)) {
    throw new InvalidInputError('logger must be an object with debug/warn methods');
  }
  return { apiKey, baseUrl, fetch: options.fetch, timeoutMs: Math.min(timeoutMs, MAX_TIMER_MS), maxRetries, logger: options.logger };
}

function resolveBaseUrl(raw: unknown, allowInsecureHttp: boolean): string {
  if (typeof raw !== 'string') throw new InvalidInputError('baseUrl must be a string');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError('baseUrl is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('baseUrl must use https:// (or http:// for loopback)');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new InvalidInputError('baseUrl uses http:// to a non-loopback host; the API key would be sent in clear (set allowInsecureHttp to override)');
  }
  // Paths are appended to the base as strings; a query or fragment would swallow them.
  if (url.search || url.hash) throw new InvalidInputError('baseUrl must not contain a query or fragment');
  if (url.username || url.password) throw new InvalidInputError('baseUrl must not contain credentials');
  return url.href.replace(/\/+$/, '');
}

export function assertListOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('list options must be an object');
  const { limit, cursor, includeArchived } = options as Record<string, unknown>;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw new InvalidInputError('limit must be a positive integer');
  }
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor === '' || CONTROL_CHARS.test(cursor) || LONE_SURROGATE.test(cursor))) {
    throw new InvalidInputError('cursor must be a non-empty string');
  }
  if (includeArchived !== undefined && typeof includeArchived !== 'boolean') {
    throw new InvalidInputError('includeArchived must be a boolean');
  }
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
  if (!ok) throw new InvalidInputError('provider must be a provider name or a ProviderDefinition (name, defaultBaseUrl, operations, parseError)');
}
