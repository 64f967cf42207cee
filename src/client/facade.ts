import createClient from 'openapi-fetch';
import { createBulkOperations } from '../bulk/bulk-operations.js';
import { closeGateOn429 } from '../bulk/rate-gate.js';
import { createRedactor } from '../internal/redaction.js';
import { createTransport } from '../internal/transport.js';
import { createApiError } from './error-from-response.js';
import { InvalidInputError, UnsupportedOperationError } from './errors.js';
import { assertId, assertListOptions } from './input.js';
import { resolveOptions } from './options.js';
import type {
  AgentClient,
  CallOptions,
  ClientOptionsBase,
  LifecycleOperation,
  OperationContext,
  ProviderDefinition,
} from './types.js';

const OPERATIONS: readonly LifecycleOperation[] = ['archive', 'unarchive', 'delete', 'discardDraft', 'get', 'list'];

/** The façade for one provider definition. Knows no vendor: every call is delegated. */
export function createClientFor<Paths extends {}>(
  definition: ProviderDefinition<Paths>,
  options: ClientOptionsBase,
  /** Internal: bulk batches make every attempt wait on their shared rate gate. */
  hooks: { beforeAttempt?: (signal: AbortSignal) => Promise<void> } = {},
): AgentClient<Paths> {
  const resolved = resolveOptions(options, definition.defaultBaseUrl);
  // The key lives only in this closure and in the raw client's default headers.
  const redact = createRedactor(resolved.apiKey);
  const raw = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    headers: { Authorization: `Bearer ${resolved.apiKey}` },
    fetch: createTransport({
      provider: definition.name,
      fetch: resolved.fetch,
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      logger: resolved.logger,
      redact,
      beforeAttempt: hooks.beforeAttempt,
    }),
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
    // Each batch gets its own client: every attempt waits on the batch's rate gate, and a 429 closes it.
    ...createBulkOperations((gate) =>
      createClientFor(
        definition,
        { ...options, fetch: closeGateOn429(resolved.fetch ?? ((request) => globalThis.fetch(request)), gate) },
        { beforeAttempt: (signal) => gate.wait(signal) },
      ),
    ),
  };
}
