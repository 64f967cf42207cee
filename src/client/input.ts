// Checks on what callers pass per call (ids, list options), all before any request.
import { CONTROL_CHARS, ensure, isCount } from '../internal/validate.js';

/** A lone surrogate makes encodeURIComponent (openapi-fetch's path serializer) throw a bare URIError. */
function wellFormed(value: string): boolean {
  try {
    return encodeURIComponent(value) !== '';
  } catch {
    return false;
  }
}

/**
 * Ids reach the URL through openapi-fetch's path serializer, which applies encodeURIComponent once,
 * so `/ ? # %` are encoded and cannot leave their segment. `.` and `..` survive encoding and would be
 * resolved away by the URL parser, hence refused. Messages never echo the value (it might be a secret).
 */
export function assertId(value: unknown, label: string): asserts value is string {
  ensure(typeof value === 'string', `${label} must be a string`);
  ensure(value !== '', `${label} must not be empty`);
  ensure(!CONTROL_CHARS.test(value), `${label} must not contain control characters`);
  // " " would be sent as /agent/%20; " a1" is almost always a copy-paste slip, not a vendor's id.
  ensure(value.trim() !== '', `${label} must not be only whitespace`);
  ensure(value.trim() === value, `${label} must not start or end with whitespace`);
  ensure(wellFormed(value), `${label} must be well-formed Unicode`);
  ensure(value !== '.' && value !== '..', `${label} must not be "." or ".."`);
}

export function assertListOptions(options: unknown): void {
  if (options === undefined) return;
  ensure(typeof options === 'object' && options !== null, 'list options must be an object');
  const { limit, cursor, includeArchived } = options as Record<string, unknown>;
  ensure(limit === undefined || isCount(limit, 1), 'limit must be a positive integer');
  ensure(
    cursor === undefined ||
      (typeof cursor === 'string' && cursor !== '' && !CONTROL_CHARS.test(cursor) && wellFormed(cursor)),
    'cursor must be a non-empty string',
  );
  ensure(includeArchived === undefined || typeof includeArchived === 'boolean', 'includeArchived must be a boolean');
}
