import type { components, paths } from '../../generated/ayra/schema.js';
import { InvalidInputError } from '../core/errors.js';
import { isRecord, stringOrUndefined } from '../core/json.js';
import type { OperationContext } from '../core/provider.js';
import { defineProvider } from '../core/provider.js';
import type { ProviderSemantics } from '../core/semantics.js';
import type { Agent, VendorErrorInfo } from '../core/types.js';

type AyraAgent = components['schemas']['Agent'];
type AyraStatus = components['schemas']['AgentStatus'];

/** Ayra: archive/unarchive are `PUT {status}`, delete is permanent, list is page-numbered. */
function toAgent(raw: AyraAgent): Agent<AyraAgent> {
  // Ayra documents no archive timestamp.
  return { id: raw.id, name: raw.name ?? null, archived: raw.status === 'archived', archivedAt: null, raw };
}

const isAgent = (data: AyraAgent | undefined): data is AyraAgent => isRecord(data) && typeof data.id === 'string';

async function setStatus<S extends AyraStatus & ('archived' | 'active')>(
  ctx: OperationContext<paths>,
  agentId: string,
  status: S,
) {
  const { data } = await ctx.client.PUT('/agents/{agent_id}', {
    params: { path: { agent_id: agentId } },
    body: { status },
  });
  // The 200 body is inferred (the updated agent); tolerate its absence.
  return { provider: 'ayra' as const, agentId, state: status, ...(isAgent(data) ? { agent: toAgent(data) } : {}) };
}

const DEFAULT_PER_PAGE = 25;

// What its answers mean, for conformance only: `status` is the archived flag, pages are numbered.
// A separate export, not a field of `provider`: the conformance suite reads it, apps do not ship it.
export const semantics: ProviderSemantics<AyraAgent> = {
  agent: { id: 'id', name: 'name', archived: { field: 'status', equals: 'archived' }, archivedAt: null },
  agentAt: { archive: '', unarchive: '' },
  list: { items: 'data', cursor: { kind: 'nextPage', page: 'page', more: 'has_more' } },
};

export const provider = defineProvider<paths, AyraAgent>()({
  name: 'ayra',
  defaultBaseUrl: 'https://api.ayra.ai/v1',
  operations: {
    archive: ['put', '/agents/{agent_id}'],
    unarchive: ['put', '/agents/{agent_id}'],
    delete: ['delete', '/agents/{agent_id}'],
    list: ['get', '/agents'],
  },

  // Whether each call may be sent twice (see Idempotency): from the vendor's delete page and notes.
  idempotency: {
    archive: {
      idempotent: true,
      source: 'PUT {status}: partial update, same status twice = same state (vendor-notes Ayra)',
    },
    unarchive: {
      idempotent: true,
      source: 'PUT {status}: partial update, same status twice = same state (vendor-notes Ayra)',
    },
    delete: {
      idempotent: true,
      notFoundMeansDone: true,
      source: 'seed 003 Delete Agent: permanent; a second DELETE answers 404 agent_not_found',
    },
    list: { idempotent: true, source: 'GET' },
  },

  /** `{error: {type, message, code, ...extra}}`. */
  parseError(body): VendorErrorInfo {
    if (!isRecord(body)) return {};
    const error = isRecord(body.error) ? body.error : {};
    return {
      vendorCode: stringOrUndefined(error.code) ?? stringOrUndefined(error.type),
      vendorMessage: stringOrUndefined(error.message),
      requestId: stringOrUndefined(error.request_id) ?? stringOrUndefined(body.request_id),
    };
  },

  archive: (ctx, agentId) => setStatus(ctx, agentId, 'archived'),
  unarchive: (ctx, agentId) => setStatus(ctx, agentId, 'active'),

  async delete(ctx, agentId) {
    await ctx.client.DELETE('/agents/{agent_id}', { params: { path: { agent_id: agentId } } });
    return { provider: 'ayra', agentId, state: 'deleted' };
  },

  async list(ctx, options) {
    const page = options.cursor === undefined ? 1 : Number(options.cursor);
    if (!Number.isSafeInteger(page) || page < 1) throw new InvalidInputError('cursor is not an Ayra page cursor');
    const { data, response } = await ctx.client.GET('/agents', {
      params: { query: { page, ...(options.limit !== undefined ? { per_page: options.limit } : {}) } },
    });
    if (!isRecord(data) || !Array.isArray(data.data))
      throw ctx.invalidResponse(response, data, 'the body has no `data` list');
    if (!data.data.every(isAgent)) throw ctx.invalidResponse(response, data, 'an entry of `data` is not an Agent');
    const all = data.data.map(toAgent);
    // Ayra's `status` filter takes one value, so "everything but archived" is filtered here.
    const agents = options.includeArchived === true ? all : all.filter((a) => !a.archived);
    const currentPage = typeof data.page === 'number' ? data.page : page;
    const perPage = typeof data.per_page === 'number' ? data.per_page : (options.limit ?? DEFAULT_PER_PAGE);
    const hasMore = typeof data.has_more === 'boolean' ? data.has_more : data.data.length >= perPage;
    return { agents, nextCursor: hasMore ? String(currentPage + 1) : null };
  },
});
