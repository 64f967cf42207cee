/** Small, tolerant readers of response bodies and headers, shared by the façade and the providers. */

/** `x-request-id`, else `request-id`; an empty header counts as absent (it must not hide the other). */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  return headers.get('x-request-id')?.trim() || headers.get('request-id')?.trim() || undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
