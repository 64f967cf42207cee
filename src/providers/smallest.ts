import type { paths } from '../../generated/smallest/schema.js';
import { isRecord, requestIdFromHeaders, stringOrUndefined } from '../client/provider-kit.js';
import type { LifecycleResult, OperationContext, ProviderDefinition, VendorErrorInfo } from '../client/types.js';

/**
 * Smallest AI Atoms. Archive and unarchive are one operation (`delete-agent`, `?on=`). A 409 whose
 * reason is "already archived"/"already active" means the agent is in the wanted state: success.
 */
const ALREADY = {
  archived: /^agent is already archived\.?$/i,
  active: /^agent is already active\.?$/i,
} as const;

function errorMessages(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter((e): e is string => typeof e === 'string');
}

async function setArchived(ctx: OperationContext<paths>, agentId: string, on: boolean): Promise<LifecycleResult> {
  // No body: a DELETE with Content-Type: application/json and an empty body trips Prism and proxies.
  const { error, response } = await ctx.client.DELETE('/agent/{id}/archive', {
    params: { path: { id: agentId }, query: { on } },
    parseAs: 'text',
    signal: ctx.signal,
  });
  const state = on ? 'archived' : 'active';
  const requestId = requestIdFromHeaders(response.headers);
  if (response.ok) return { provider: 'smallest', agentId, state, ...(requestId ? { requestId } : {}) };
  // Only when every reason says "already in that state": a body that also names, say, an active
  // campaign is a real conflict.
  const reasons = errorMessages(error);
  if (response.status === 409 && reasons.length > 0 && reasons.every((m) => ALREADY[state].test(m.trim()))) {
    return { provider: 'smallest', agentId, state, alreadyInState: true, ...(requestId ? { requestId } : {}) };
  }
  throw ctx.apiError(response, error);
}

export const provider: ProviderDefinition<paths> = {
  name: 'smallest',
  defaultBaseUrl: 'https://api.smallest.ai/atoms/v1',
  operations: {
    archive: ['delete', '/agent/{id}/archive'],
    unarchive: ['delete', '/agent/{id}/archive'],
    discardDraft: ['delete', '/agent/{id}/drafts/{draftId}'],
  },

  /** `{status: false, errors: [string], error_type?}`: the first error is the message. */
  parseError(body): VendorErrorInfo {
    if (!isRecord(body)) return {};
    const messages = errorMessages(body);
    return {
      vendorCode: stringOrUndefined(body.error_type),
      vendorMessage: messages.length ? messages.join('; ') : stringOrUndefined(body.message),
      requestId: stringOrUndefined(body.request_id),
    };
  },

  archive: (ctx, agentId) => setArchived(ctx, agentId, true),
  unarchive: (ctx, agentId) => setArchived(ctx, agentId, false),

  async discardDraft(ctx, agentId, draftId) {
    const { error, response } = await ctx.client.DELETE('/agent/{id}/drafts/{draftId}', {
      params: { path: { id: agentId, draftId } },
      parseAs: 'text',
      signal: ctx.signal,
    });
    if (!response.ok) throw ctx.apiError(response, error);
    const requestId = requestIdFromHeaders(response.headers);
    return { provider: 'smallest', agentId, state: 'discarded', ...(requestId ? { requestId } : {}) };
  },
};
