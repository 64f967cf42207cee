import { stringOrUndefined } from '../http.js';
import type { Agent } from '../types.js';

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
