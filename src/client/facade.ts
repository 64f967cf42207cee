import createClient, { type Client } from 'openapi-fetch';
import { InvalidInputError, InvalidResponseError, UnsupportedOperationError } from '../core/errors.js';
import type { OperationContext, ProviderDefinition } from '../core/provider.js';
import {
  type Agent,
  type AgentPage,
  type CallOptions,
  type FetchLike,
  LIFECYCLE_OPERATIONS,
  type LifecycleOperation,
  type ListOptions,
  type OperationStates,
} from '../core/types.js';
import type { Redactor } from '../internal/redaction.js';
import { createApiError } from './error-from-response.js';
import { assertId, assertListOptions } from './input.js';
import { type ResolvedOptions, resolveCallOptions } from './options.js';
import type { LifecycleClient, PagePromise } from './types.js';

const STATES: OperationStates = {
  archive: 'archived',
  unarchive: 'active',
  delete: 'deleted',
  discardDraft: 'discarded',
};

/** The knobs a call may override; the transport is built for them. */
export type Timings = Pick<ResolvedOptions, 'timeoutMs' | 'maxRetries' | 'deadlineMs'>;

/**
 * The façade for one provider definition. Knows no vendor: every call is delegated. The key lives
 * only in the raw client's default headers (and the redactor). A call with its own timings gets a raw
 * client of its own over a transport built for them; other calls share the default one.
 */
export function createFacade<Paths extends {}>(
  // biome-ignore lint/suspicious/noExplicitAny: any vendor's agent type
  definition: ProviderDefinition<Paths, string, any>,
  resolved: ResolvedOptions,
  redact: Redactor,
  transportFor: (timings: Timings) => FetchLike,
): LifecycleClient<Paths> {
  const rawFor = (timings: Timings): Client<Paths> =>
    createClient<Paths>({
      baseUrl: resolved.baseUrl,
      headers: { Authorization: `Bearer ${resolved.apiKey}` },
      fetch: transportFor(timings),
    });
  const defaults: Timings = resolved;
  const raw = rawFor(defaults);

  const supports = (operation: LifecycleOperation): boolean =>
    (LIFECYCLE_OPERATIONS as readonly string[]).includes(operation) &&
    definition.operations[operation] !== undefined &&
    typeof definition[operation] === 'function';

  const apiError = (response: Response, body: unknown) =>
    createApiError({ provider: definition.name, response, body, parseError: definition.parseError, redact });
  const invalidResponse = (response: Response, body: unknown, reason: string) =>
    createApiError({ provider: definition.name, response, body, parseError: definition.parseError, redact, reason });

  /** Refusals (unsupported, bad arguments, bad options) happen here, before any request. */
  const contextFor = (operation: LifecycleOperation, callOptions: CallOptions | undefined, check: () => void) => {
    if (!supports(operation)) throw new UnsupportedOperationError(definition.name, operation);
    check();
    if (callOptions !== undefined && (typeof callOptions !== 'object' || callOptions === null))
      throw new InvalidInputError('call options must be an object');
    const signal = callOptions?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal))
      throw new InvalidInputError('signal must be an AbortSignal');
    const timings = resolveCallOptions(callOptions, defaults);
    const same =
      timings.timeoutMs === defaults.timeoutMs &&
      timings.maxRetries === defaults.maxRetries &&
      timings.deadlineMs === defaults.deadlineMs;
    const client = same ? raw : rawFor(timings);
    const context: OperationContext<Paths> = { client, signal, apiError, invalidResponse };
    return context;
  };

  /** Async, so that every refusal rejects instead of throwing synchronously. */
  const call = async (
    operation: keyof OperationStates | 'get',
    callOptions: CallOptions | undefined,
    check: () => void,
    ...args: unknown[]
    // biome-ignore lint/suspicious/noExplicitAny: each operation resolves to its own result type; ClientFor narrows it
  ): Promise<any> => {
    const context = contextFor(operation, callOptions, check);
    try {
      return await (definition[operation] as (...a: unknown[]) => Promise<unknown>).call(definition, context, ...args);
    } catch (error) {
      // A 2xx to a state change means it happened; a body we cannot read does not undo it.
      if (error instanceof InvalidResponseError && operation !== 'get') {
        const { requestId } = error;
        return {
          provider: definition.name,
          agentId: args[0],
          state: STATES[operation],
          ...(requestId ? { requestId } : {}),
        };
      }
      throw error;
    }
  };
  const agentId = (id: unknown) => () => assertId(id, 'agentId');

  const listPage = async (options: ListOptions | undefined): Promise<AgentPage> => {
    const context = contextFor('list', options, () => assertListOptions(options));
    const { signal: _s, timeoutMs: _t, maxRetries: _m, deadlineMs: _d, ...query } = options ?? {};
    return definition.list!.call(definition, context, query);
  };

  /** The first page now; `for await` walks the next ones with the same options. */
  const list = (options?: ListOptions): PagePromise => {
    const first = listPage(options);
    async function* agents(): AsyncGenerator<Agent> {
      let page = await first;
      for (;;) {
        yield* page.agents;
        if (page.nextCursor === null) return;
        page = await listPage({ ...options, cursor: page.nextCursor });
      }
    }
    return Object.assign(first, { [Symbol.asyncIterator]: agents });
  };

  return {
    provider: definition.name,
    archive: (id, callOptions) => call('archive', callOptions, agentId(id), id),
    unarchive: (id, callOptions) => call('unarchive', callOptions, agentId(id), id),
    delete: (id, callOptions) => call('delete', callOptions, agentId(id), id),
    discardDraft: (id, draftId, callOptions) =>
      call(
        'discardDraft',
        callOptions,
        () => {
          assertId(id, 'agentId');
          assertId(draftId, 'draftId');
        },
        id,
        draftId,
      ),
    get: (id, callOptions) => call('get', callOptions, agentId(id), id),
    list,
    supports,
    raw,
  };
}
