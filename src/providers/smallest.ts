import type { components, paths } from '../../generated/smallest/schema.js';
import { ConflictError, InvalidInputError } from '../core/errors.js';
import { isRecord, stringOrUndefined } from '../core/json.js';
import type { OperationContext } from '../core/provider.js';
import { defineProvider } from '../core/provider.js';
import type { ProviderSemantics } from '../core/semantics.js';
import type { Agent, VendorErrorInfo } from '../core/types.js';

type SmallestAgent = components['schemas']['AgentDTO'];

/**
 * Smallest AI Atoms. Archive and unarchive are one operation (`DELETE /agent/{id}/archive?on=`). A 409
 * whose reason is "already archived"/"already active" means the agent is in the wanted state: success.
 */
const ALREADY = {
  archived: /^agent is already archived\.?$/i,
  active: /^agent is already active\.?$/i,
} as const;

function errorMessages(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter((e): e is string => typeof e === 'string');
}

async function setArchived<S extends 'archived' | 'active'>(ctx: OperationContext<paths>, agentId: string, state: S) {
  const result = { provider: 'smallest' as const, agentId, state };
  try {
    // No body: a DELETE with Content-Type: application/json and an empty body trips Prism and proxies.
    await ctx.client.DELETE('/agent/{id}/archive', {
      params: { path: { id: agentId }, query: { on: state === 'archived' } },
    });
    return result;
  } catch (error) {
    // Only when every reason says "already in that state": a body that also names, say, an active
    // campaign is a real conflict.
    const reasons = error instanceof ConflictError ? errorMessages(error.body) : [];
    if (reasons.length > 0 && reasons.every((m) => ALREADY[state].test(m.trim()))) {
      return { ...result, alreadyInState: true };
    }
    throw error;
  }
}

const isAgent = (data: SmallestAgent | undefined): data is SmallestAgent & { _id: string } =>
  isRecord(data) && typeof data._id === 'string';

function toAgent(raw: SmallestAgent & { _id: string }): Agent<SmallestAgent> {
  return {
    id: raw._id,
    name: raw.name ?? null,
    archived: raw.archived ?? raw.archivedAt != null,
    archivedAt: raw.archivedAt ?? null,
    raw,
  };
}

/** `GET /agent` lists active or archived agents, never both: "all" walks active pages, then archived. */
type Phase = 'active' | 'archived';
const DEFAULT_PAGE_SIZE = 10; // their `offset` default
const CURSOR = /^(active|archived):([1-9]\d{0,8})$/;

// What its answers mean, for conformance only. The archive answer holds no agent; the list cursor is
// ours (`active:2`), built from the request's page and the body's total.
// A separate export, not a field of `provider`: the conformance suite reads it, apps do not ship it.
export const semantics: ProviderSemantics<SmallestAgent> = {
  agent: { id: '_id', name: 'name', archived: { field: 'archived', optional: true }, archivedAt: 'archivedAt' },
  agentAt: { get: 'data' },
  list: {
    items: 'data.agents',
    cursor: { kind: 'opaque', why: 'built from the page asked for and data.total (`active:2`)' },
  },
};

export const provider = defineProvider<paths, SmallestAgent>()({
  name: 'smallest',
  defaultBaseUrl: 'https://api.smallest.ai/atoms/v1',
  operations: {
    archive: ['delete', '/agent/{id}/archive'],
    unarchive: ['delete', '/agent/{id}/archive'],
    discardDraft: ['delete', '/agent/{id}/drafts/{draftId}'],
    get: ['get', '/agent/{id}'],
    list: ['get', '/agent'],
  },

  // Whether each call may be sent twice (see Idempotency). Archive/unarchive repeat as a 409 "already
  // in that state", which setArchived resolves as that state.
  idempotency: {
    archive: { idempotent: true, source: 'vendor-notes Smallest: a repeat answers 409 "Agent is already archived"' },
    unarchive: { idempotent: true, source: 'vendor-notes Smallest: a repeat answers 409 "Agent is already active"' },
    // Their docs give no answer for a draft already discarded, so a 404 after a lost answer is not read as done.
    discardDraft: { idempotent: true, source: 'DELETE; no documented answer for a repeat' },
    get: { idempotent: true, source: 'GET' },
    list: { idempotent: true, source: 'GET' },
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

  archive: (ctx, agentId) => setArchived(ctx, agentId, 'archived'),
  unarchive: (ctx, agentId) => setArchived(ctx, agentId, 'active'),

  async discardDraft(ctx, agentId, draftId) {
    await ctx.client.DELETE('/agent/{id}/drafts/{draftId}', { params: { path: { id: agentId, draftId } } });
    return { provider: 'smallest', agentId, state: 'discarded' };
  },

  /** An unknown id answers 400 `No agent found` (their spec), surfaced as BadRequestError. */
  async get(ctx, agentId) {
    const { data, response } = await ctx.client.GET('/agent/{id}', { params: { path: { id: agentId } } });
    if (!isAgent(data?.data)) throw ctx.invalidResponse(response, data, 'the body has no agent under `data`');
    return toAgent(data.data);
  },

  async list(ctx, options) {
    const match = options.cursor === undefined ? undefined : CURSOR.exec(options.cursor);
    if (options.cursor !== undefined && !match) throw new InvalidInputError('cursor is not a Smallest page cursor');
    const phase: Phase = (match?.[1] as Phase | undefined) ?? 'active';
    const page = match ? Number(match[2]) : 1;
    const size = options.limit ?? DEFAULT_PAGE_SIZE;
    const { data, response } = await ctx.client.GET('/agent', {
      params: { query: { page, offset: size, ...(phase === 'archived' ? { archived: true } : {}) } },
    });
    const list = data?.data?.agents;
    if (!Array.isArray(list)) throw ctx.invalidResponse(response, data, 'the body has no `data.agents` list');
    if (!list.every(isAgent)) throw ctx.invalidResponse(response, data, 'an entry of `data.agents` has no `_id`');
    const total = data?.data?.total;
    const more = typeof total === 'number' ? page * size < total : list.length >= size;
    const next: string | null = more
      ? `${phase}:${page + 1}`
      : phase === 'active' && options.includeArchived === true
        ? 'archived:1'
        : null;
    return { agents: list.map(toAgent), nextCursor: next };
  },
});
