import createClient from 'openapi-fetch';
import type { Redactor } from '../internal/redaction.js';
import { createApiError } from './error-from-response.js';
import { InvalidInputError, UnsupportedOperationError } from './errors.js';
import { assertId, assertListOptions } from './input.js';
import type { ResolvedOptions } from './options.js';
import type {
  CallOptions,
  FetchLike,
  LifecycleClient,
  LifecycleOperation,
  OperationContext,
  ProviderDefinition,
} from './types.js';

const OPERATIONS: readonly LifecycleOperation[] = ['archive', 'unarchive', 'delete', 'discardDraft', 'get', 'list'];

/**
 * The façade for one provider definition over one transport. Knows no vendor: every call is delegated.
 * The key lives only in the raw client's default headers (and the redactor).
 */
export function createFacade<Paths extends {}>(
  definition: ProviderDefinition<Paths>,
  resolved: ResolvedOptions,
  redact: Redactor,
  transport: FetchLike,
): LifecycleClient<Paths> {
  const raw = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    headers: { Authorization: `Bearer ${resolved.apiKey}` },
    fetch: transport,
  });

  const supports = (operation: LifecycleOperation): boolean =>
    OPERATIONS.includes(operation) &&
    definition.operations[operation] !== undefined &&
    typeof definition[operation] === 'function';

  const apiError = (response: Response, body: unknown) =>
    createApiError({ provider: definition.name, response, body, parseError: definition.parseError, redact });

  /**
   * Refuses an operation the provider lacks, then bad arguments (`check`) and a bad signal, all before
   * any request; then delegates. Async, so that every refusal rejects instead of throwing synchronously.
   */
  const call = async (
    operation: LifecycleOperation,
    callOptions: CallOptions | undefined,
    check: () => void,
    ...args: unknown[]
    // biome-ignore lint/suspicious/noExplicitAny: each operation resolves to its own result type; the public AgentClient type narrows it
  ): Promise<any> => {
    if (!supports(operation)) throw new UnsupportedOperationError(definition.name, operation);
    check();
    const signal = callOptions?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal))
      throw new InvalidInputError('signal must be an AbortSignal');
    const context: OperationContext<Paths> = { client: raw, signal, apiError };
    return (definition[operation] as (...a: unknown[]) => Promise<unknown>).call(definition, context, ...args);
  };
  const agentId = (id: unknown) => () => assertId(id, 'agentId');

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
    list: (listOptions) => call('list', listOptions, () => assertListOptions(listOptions), { ...listOptions }),
    supports,
    raw,
  };
}
