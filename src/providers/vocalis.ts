import type { components, paths } from '../../generated/vocalis/schema.js';
import { InvalidInputError } from '../core/errors.js';
import { isRecord, stringOrUndefined } from '../core/json.js';
import type { OperationContext } from '../core/provider.js';
import { defineProvider } from '../core/provider.js';
import type { Agent, VendorErrorInfo } from '../core/types.js';

type VocalisAssistant = components['schemas']['Assistant'];

/**
 * Vocalis (our fixture voice-AI vendor, test/fixtures/large-vendor-spec.ts): agents are "assistants".
 * Delete is permanent and answers the deleted assistant; there is no archive. List takes `limit` and
 * documents no cursor, so it is one page.
 */
function toAgent(raw: VocalisAssistant): Agent<VocalisAssistant> {
  // Vocalis has no archived state.
  return { id: raw.id, name: raw.name ?? null, archived: false, archivedAt: null, raw };
}

// Bodies are read as `unknown` and narrowed here: tsc runs out of stack comparing openapi-fetch's
// view of the deep Assistant type with the schema's own.
const isAgent = (data: unknown): data is VocalisAssistant => isRecord(data) && typeof data.id === 'string';

/** The spec promises an Assistant; a body without an id is the vendor's defect, reported as such. */
function agentOrThrow(ctx: OperationContext<paths>, response: Response, data: unknown) {
  if (!isAgent(data)) throw ctx.invalidResponse(response, data, 'the body is not an Assistant');
  return toAgent(data);
}

export const provider = defineProvider<paths, VocalisAssistant>()({
  name: 'vocalis',
  defaultBaseUrl: 'https://api.vocalis.example',
  operations: {
    delete: ['delete', '/assistant/{id}'],
    get: ['get', '/assistant/{id}'],
    list: ['get', '/assistant'],
  },

  // What its answers mean, for conformance: no archived state, and lists have no cursor.
  semantics: {
    agent: { id: 'id', name: 'name', archived: false, archivedAt: null },
    agentAt: { delete: '', get: '' },
    list: { items: '', cursor: { kind: 'none' } },
  },

  /** The spec documents no error body; Vocalis answers `{statusCode, error, message}` (message: text or list). */
  parseError(body): VendorErrorInfo {
    if (!isRecord(body)) return {};
    const messages = Array.isArray(body.message) ? body.message.filter((m) => typeof m === 'string') : [];
    return {
      vendorCode: stringOrUndefined(body.error),
      vendorMessage: stringOrUndefined(body.message) ?? (messages.length > 0 ? messages.join('; ') : undefined),
      requestId: stringOrUndefined(body.requestId),
    };
  },

  async delete(ctx, agentId) {
    const { data } = await ctx.client.DELETE('/assistant/{id}', { params: { path: { id: agentId } } });
    // The delete happened (2xx): an unreadable body costs the agent, not the result.
    const body: unknown = data;
    return { provider: 'vocalis', agentId, state: 'deleted', ...(isAgent(body) ? { agent: toAgent(body) } : {}) };
  },

  async get(ctx, agentId) {
    const { data, response } = await ctx.client.GET('/assistant/{id}', { params: { path: { id: agentId } } });
    return agentOrThrow(ctx, response, data);
  },

  async list(ctx, options) {
    // No cursor is documented: a page is the whole answer, and there is never a next one.
    if (options.cursor !== undefined) throw new InvalidInputError('cursor: Vocalis lists have no cursor');
    const { data, response } = await ctx.client.GET('/assistant', {
      params: { query: options.limit !== undefined ? { limit: options.limit } : {} },
    });
    if (!Array.isArray(data)) throw ctx.invalidResponse(response, data, 'the body is not a list');
    const items: unknown[] = data;
    if (!items.every(isAgent)) throw ctx.invalidResponse(response, data, 'an entry is not an Assistant');
    return { agents: items.map(toAgent), nextCursor: null };
  },
});
