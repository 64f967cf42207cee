/** Keeps the API key out of anything we hand back or log, even when a server echoes it. */

const MASK = '***';

export type Redactor = <T>(value: T) => T;

/**
 * `text` applied to every string, keys too (`text(key, 200)`), deeply (objects, arrays); arrays and
 * objects keep their first `limit` items. Anything nested deeper than MAX_DEPTH is replaced, never
 * passed through unchecked (it could hold the key).
 */
const MAX_DEPTH = 20;
export const TOO_DEEP = '[nested too deep]';

export function mapStrings(
  value: unknown,
  text: (s: string, max?: number) => string,
  limit?: number,
  depth = 0,
): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  const next = (v: unknown) => mapStrings(v, text, limit, depth + 1);
  if (Array.isArray(value)) return value.slice(0, limit).map(next);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, limit)) out[text(k, 200)] = next(v);
  return out;
}

/**
 * Replaces every occurrence of `secret` in strings, deeply (objects, arrays), with `mask`. An empty
 * secret hides nothing (and never writes the mask between every character).
 */
export function createRedactor(secret: string, mask = MASK): Redactor {
  if (secret === '') return <T>(value: T) => value;
  const hide = (s: string) => s.replaceAll(secret, mask);
  return <T>(value: T) => mapStrings(value, hide) as T;
}

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Headers as a plain object with lower-case names; credentials masked (`Bearer ***`). */
export function headersForLog(headers: Headers, redact: Redactor): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (SENSITIVE_HEADERS.has(name)) {
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${MASK}` : MASK;
    } else {
      out[name] = redact(value);
    }
  });
  return out;
}
