import createClient from 'openapi-fetch';
import { createBulkOperations } from './bulk.js';
import { createApiError } from './error-factory.js';
import { InvalidInputError, UnsupportedOperationError } from './errors.js';
import { createRedactor } from './redact.js';
import { createTransport } from './transport.js';
import type {
  AgentClient,
  CallOptions,
  ClientOptionsBase,
  LifecycleOperation,
  ListOptions,
  OperationContext,
  ProviderDefinition,
} from './types.js';
import { assertId, assertListOptions, resolveOptions } from './validate.js';

const OPERATIONS: readonly LifecycleOperation[] = ['archive', 'unarchive', 'delete', 'discardDraft', 'get', 'list'];

/** The façade for one provider definition. Knows no vendor: every call is delegated. */
export function createClientFor<Paths extends {}>(
  definition: ProviderDefinition<Paths>,
  options: ClientOptionsBase,
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
    }),
  });

  const supports = (operation: LifecycleOperation): boolean =>
    OPERATIONS.includes(operation) && definition.operations[operation] !== undefined && typeof definition[operation] === 'function';

  const apiError = (response: Response, body: unknown) =>
    createApiError({ provider: definition.name, response, body, parseError: definition.parseError, redact });
  const context = (callOptions: CallOptions | undefined): OperationContext<Paths> => {
    const signal = callOptions?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InvalidInputError('signal must be an AbortSignal');
    return { client: raw, signal, apiError };
  };

  /** Throws before any request when the provider lacks the operation. */
  const implementation = <K extends LifecycleOperation>(operation: K): NonNullable<ProviderDefinition<Paths>[K]> => {
    const fn = definition[operation];
    if (!supports(operation) || fn === undefined) throw new UnsupportedOperationError(definition.name, operation);
    return fn;
  };

  // Methods are async so that validation failures reject instead of throwing synchronously.
  return {
    provider: definition.name,
    async archive(agentId, callOptions) {
      const run = implementation('archive');
      assertId(agentId, 'agentId');
      return run.call(definition, context(callOptions), agentId);
    },
    async unarchive(agentId, callOptions) {
      const run = implementation('unarchive');
      assertId(agentId, 'agentId');
      return run.call(definition, context(callOptions), agentId);
    },
    async delete(agentId, callOptions) {
      const run = implementation('delete');
      assertId(agentId, 'agentId');
      return run.call(definition, context(callOptions), agentId);
    },
    async discardDraft(agentId, draftId, callOptions) {
      const run = implementation('discardDraft');
      assertId(agentId, 'agentId');
      assertId(draftId, 'draftId');
      return run.call(definition, context(callOptions), agentId, draftId);
    },
    async get(agentId, callOptions) {
      const run = implementation('get');
      assertId(agentId, 'agentId');
      return run.call(definition, context(callOptions), agentId);
    },
    async list(listOptions?: ListOptions) {
      const run = implementation('list');
      assertListOptions(listOptions);
      return run.call(definition, context(listOptions), { ...listOptions });
    },
    supports,
    raw,
    // Each batch gets its own client whose fetch waits on the batch's shared rate gate.
    ...createBulkOperations((wrap) => createClientFor(definition, { ...options, fetch: wrap(resolved.fetch ?? ((request) => globalThis.fetch(request))) })),
  };
}
