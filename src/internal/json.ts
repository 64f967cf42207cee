/** Small response helpers shared by providers. */

/** `x-request-id`, else `request-id`; an empty header counts as absent (it must not hide the other). */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  return headers.get('x-request-id')?.trim() || headers.get('request-id')?.trim() || undefined;
}

/** 2xx bodies are read as text (see providers) so a broken body cannot throw a bare SyntaxError. */
export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
