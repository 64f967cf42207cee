import type { components, paths } from '../../generated/ayra/schema.js';
import { InvalidInputError } from '../client/errors.js';
import { isRecord, parseJson, requestIdFromHeaders, stringOrUndefined, toAgent } from '../client/provider-kit.js';
import type { Agent, LifecycleResult, OperationContext, ProviderDefinition, VendorErrorInfo } from '../client/types.js';

type AyraStatus = NonNullable<components['schemas']['Agent']['status']>;

/** Ayra: archive/unarchive are `PUT {status}`, delete is permanent, list is page-numbered. */
function normalize(raw: unknown): Agent | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  // Ayra documents no archive timestamp.
  return toAgent(raw, raw.status === 'archived', undefined);
}

async function setStatus(ctx: OperationContext<paths>, agentId: string, status: AyraStatus): Promise<LifecycleResult> {
  const { data, error, response } = await ctx.client.PUT('/agents/{agent_id}', {
    params: { path: { agent_id: agentId } },
    body: { status },
    parseAs: 'text',
    signal: ctx.signal,
  });
  if (!response.ok) throw ctx.apiError(response, error);
  const requestId = requestIdFromHeaders(response.headers);
  // The 200 body is inferred (the updated agent); tolerate its absence.
  const agent = normalize(parseJson(data));
  return {
    provider: 'ayra',
    agentId,
    state: status === 'archived' ? 'archived' : 'active',
    ...(requestId ? { requestId } : {}),
    ...(agent ? { agent } : {}),
  };
}

const DEFAULT_PER_PAGE = 25;

export const provider: ProviderDefinition<paths> = {
  name: 'ayra',
  defaultBaseUrl: 'https://api.ayra.ai/v1',
  operations: {
    archive: ['put', '/agents/{agent_id}'],
    unarchive: ['put', '/agents/{agent_id}'],
    delete: ['delete', '/agents/{agent_id}'],
    list: ['get', '/agents'],
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
    const { error, response } = await ctx.client.DELETE('/agents/{agent_id}', {
      params: { path: { agent_id: agentId } },
      parseAs: 'text',
      signal: ctx.signal,
    });
    if (!response.ok) throw ctx.apiError(response, error);
    const requestId = requestIdFromHeaders(response.headers);
    return { provider: 'ayra', agentId, state: 'deleted', ...(requestId ? { requestId } : {}) };
  },

  async list(ctx, options) {
    const page = options.cursor === undefined ? 1 : Number(options.cursor);
    if (!Number.isSafeInteger(page) || page < 1) throw new InvalidInputError('cursor is not an Ayra page cursor');
    const { data, error, response } = await ctx.client.GET('/agents', {
      params: { query: { page, ...(options.limit !== undefined ? { per_page: options.limit } : {}) } },
      parseAs: 'text',
      signal: ctx.signal,
    });
    if (!response.ok) throw ctx.apiError(response, error);
    const body = parseJson(data);
    if (!isRecord(body) || !Array.isArray(body.data)) throw ctx.apiError(response, data);
    const all = body.data.map(normalize).filter((a): a is Agent => a !== undefined);
    // Ayra's `status` filter takes one value, so "everything but archived" is filtered here.
    const agents = options.includeArchived === true ? all : all.filter((a) => !a.archived);
    const currentPage = typeof body.page === 'number' ? body.page : page;
    const perPage = typeof body.per_page === 'number' ? body.per_page : (options.limit ?? DEFAULT_PER_PAGE);
    const hasMore = typeof body.has_more === 'boolean' ? body.has_more : body.data.length >= perPage;
    return { agents, nextCursor: hasMore ? String(currentPage + 1) : null };
  },
};
