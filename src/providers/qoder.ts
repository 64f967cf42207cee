import type { components, paths } from '../../generated/qoder/schema.js';
import { isRecord, stringOrUndefined } from '../core/json.js';
import type { OperationContext } from '../core/provider.js';
import { defineProvider } from '../core/provider.js';
import type { ProviderSemantics } from '../core/semantics.js';
import type { Agent, VendorErrorInfo } from '../core/types.js';

type QoderAgent = components['schemas']['Agent'];

/**
 * Qoder Cloud Agents: archive (idempotent, returns the Agent), get, list with id cursors. No unarchive.
 * Every read below is typed from the generated `paths`/`components`: a field the vendor renames or
 * drops fails to compile here.
 */
function toAgent(raw: QoderAgent): Agent<QoderAgent> {
  return {
    id: raw.id,
    name: raw.name ?? null,
    // Their SDK sometimes omits `archived`; `archived_at` is always there.
    archived: raw.archived ?? raw.archived_at != null,
    archivedAt: raw.archived_at ?? null,
    raw,
  };
}

const isAgent = (data: QoderAgent | undefined): data is QoderAgent => isRecord(data) && typeof data.id === 'string';

/** The spec promises an Agent; a body without an id is the vendor's defect, reported as such. */
function agentOrThrow(ctx: OperationContext<paths>, response: Response, data: QoderAgent | undefined) {
  if (!isAgent(data)) throw ctx.invalidResponse(response, data, 'the body is not an Agent');
  return toAgent(data);
}

// What its answers mean, for conformance only: read by toAgent above and the list's `last_id` cursor.
// A separate export, not a field of `provider`: the conformance suite reads it, apps do not ship it.
export const semantics: ProviderSemantics<QoderAgent> = {
  agent: { id: 'id', name: 'name', archived: { field: 'archived', optional: true }, archivedAt: 'archived_at' },
  agentAt: { archive: '', get: '' },
  list: { items: 'data', cursor: { kind: 'field', field: 'last_id', more: 'has_more' } },
};

export const provider = defineProvider<paths, QoderAgent>()({
  name: 'qoder',
  defaultBaseUrl: 'https://api.qoder.com/api/v1/cloud',
  operations: {
    archive: ['post', '/agents/{agent_id}/archive'],
    get: ['get', '/agents/{agent_id}'],
    list: ['get', '/agents'],
  },

  // Whether each call may be sent twice (see Idempotency): archive is a POST the vendor calls idempotent.
  idempotency: {
    archive: {
      idempotent: true,
      source:
        'seeds 001/002 Archive Agent: "The operation is idempotent; archiving an already-archived Agent does not raise an error."',
    },
    get: { idempotent: true, source: 'GET' },
    list: { idempotent: true, source: 'GET' },
  },

  /** `{type: 'error', error: {type, message, param?}}`. */
  parseError(body): VendorErrorInfo {
    if (!isRecord(body)) return {};
    const error = isRecord(body.error) ? body.error : {};
    return {
      vendorCode: stringOrUndefined(error.type),
      vendorMessage: stringOrUndefined(error.message),
      requestId: stringOrUndefined(body.request_id),
    };
  },

  async archive(ctx, agentId) {
    const { data } = await ctx.client.POST('/agents/{agent_id}/archive', { params: { path: { agent_id: agentId } } });
    // The archive happened (2xx): an unreadable body costs the agent, not the result.
    return { provider: 'qoder', agentId, state: 'archived', ...(isAgent(data) ? { agent: toAgent(data) } : {}) };
  },

  async get(ctx, agentId) {
    const { data, response } = await ctx.client.GET('/agents/{agent_id}', { params: { path: { agent_id: agentId } } });
    return agentOrThrow(ctx, response, data);
  },

  async list(ctx, options) {
    const { data, response } = await ctx.client.GET('/agents', {
      params: {
        query: {
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
          ...(options.cursor !== undefined ? { after_id: options.cursor } : {}),
          ...(options.includeArchived !== undefined ? { include_archived: options.includeArchived } : {}),
        },
      },
    });
    if (!isRecord(data) || !Array.isArray(data.data))
      throw ctx.invalidResponse(response, data, 'the body has no `data` list');
    if (!data.data.every(isAgent)) throw ctx.invalidResponse(response, data, 'an entry of `data` is not an Agent');
    const agents = data.data.map(toAgent);
    // "More" without a cursor would end the listing silently (a renamed `last_id`, say): refuse it.
    if (data.has_more && !data.last_id)
      throw ctx.invalidResponse(response, data, 'has_more is true but last_id is missing: no cursor for the next page');
    return { agents, nextCursor: data.has_more ? data.last_id : null };
  },
});
