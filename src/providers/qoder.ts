import type { components, paths } from '../../generated/qoder/schema.js';
import { isRecord, parseJson, requestIdFromHeaders, stringOrUndefined, toAgent } from '../client/provider-kit.js';
import type { Agent, OperationContext, ProviderDefinition, VendorErrorInfo } from '../client/types.js';

type QoderAgent = components['schemas']['Agent'];

/** Qoder Cloud Agents: archive (idempotent, returns the Agent), get, list with id cursors. No unarchive. */
function normalize(raw: unknown): Agent | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const agent = raw as Partial<QoderAgent> & Record<string, unknown>;
  // Their SDK sometimes omits `archived`; `archived_at` is always there.
  const archived = typeof agent.archived === 'boolean' ? agent.archived : agent.archived_at != null;
  return toAgent(raw, archived, agent.archived_at);
}

function agentOrThrow(ctx: OperationContext<paths>, response: Response, text: unknown): Agent {
  const agent = normalize(parseJson(text));
  if (!agent) throw ctx.apiError(response, text);
  return agent;
}

export const provider: ProviderDefinition<paths> = {
  name: 'qoder',
  defaultBaseUrl: 'https://api.qoder.com/api/v1/cloud',
  operations: {
    archive: ['post', '/agents/{agent_id}/archive'],
    get: ['get', '/agents/{agent_id}'],
    list: ['get', '/agents'],
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
    const { data, error, response } = await ctx.client.POST('/agents/{agent_id}/archive', {
      params: { path: { agent_id: agentId } },
      parseAs: 'text',
      signal: ctx.signal,
    });
    if (!response.ok) throw ctx.apiError(response, error);
    const requestId = requestIdFromHeaders(response.headers);
    const agent = normalize(parseJson(data));
    return {
      provider: 'qoder',
      agentId,
      state: 'archived',
      ...(requestId ? { requestId } : {}),
      ...(agent ? { agent } : {}),
    };
  },

  async get(ctx, agentId) {
    const { data, error, response } = await ctx.client.GET('/agents/{agent_id}', {
      params: { path: { agent_id: agentId } },
      parseAs: 'text',
      signal: ctx.signal,
    });
    if (!response.ok) throw ctx.apiError(response, error);
    return agentOrThrow(ctx, response, data);
  },

  async list(ctx, options) {
    const { data, error, response } = await ctx.client.GET('/agents', {
      params: {
        query: {
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
          ...(options.cursor !== undefined ? { after_id: options.cursor } : {}),
          ...(options.includeArchived !== undefined ? { include_archived: options.includeArchived } : {}),
        },
      },
      parseAs: 'text',
      signal: ctx.signal,
    });
    if (!response.ok) throw ctx.apiError(response, error);
    const page = parseJson(data);
    if (!isRecord(page) || !Array.isArray(page.data)) throw ctx.apiError(response, data);
    const agents = page.data.map(normalize).filter((a): a is Agent => a !== undefined);
    const lastId = stringOrUndefined(page.last_id);
    return { agents, nextCursor: page.has_more === true && lastId ? lastId : null };
  },
};
