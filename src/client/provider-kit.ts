// What a provider file may use besides the public types: small, vendor-neutral readers of responses.
// Providers import from here (and ./types.js, ./errors.js) only, never from ../internal/.
import { stringOrUndefined } from '../internal/json.js';
import type { Agent } from './types.js';

export { isRecord, parseJson, requestIdFromHeaders, stringOrUndefined } from '../internal/json.js';

/** Normalize an agent given the vendor's field readings. */
export function toAgent(raw: Record<string, unknown>, archived: boolean, archivedAt: unknown): Agent {
  return {
    id: String(raw.id ?? ''),
    name: stringOrUndefined(raw.name) ?? null,
    archived,
    archivedAt: stringOrUndefined(archivedAt) ?? null,
    raw,
  };
}
