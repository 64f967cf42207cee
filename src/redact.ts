/** Keeps the API key out of anything we hand back or log, even when a server echoes it. */

const MASK = '***';

export type Redactor = <T>(value: T) => T;

/** Replaces every occurrence of `secret` in strings, deeply (objects, arrays). */
export function createRedactor(secret: string): Redactor {
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return value.includes(secret) ? value.split(secret).join(MASK) : value;
    if (depth > 20 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrub(k, depth + 1) as string] = scrub(v, depth + 1);
    return out;
  };
  return <T>(value: T) => scrub(value, 0) as T;
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
