import { createBulkOperations } from '../bulk/bulk-operations.js';
import { observeAttempt } from '../bulk/rate-gate.js';
import type { ProviderDefinition } from '../core/provider.js';
import { createRedactor } from '../internal/redaction.js';
import { createTransport, type TransportOptions } from '../internal/transport.js';
import { createFacade, type Timings } from './facade.js';
import { resolveOptions } from './options.js';
import type { ClientFor, ClientOptionsBase } from './types.js';

/**
 * A client for one provider definition: the façade over the transport, with batches composed on top.
 * Each batch gets a façade of its own whose transport waits on the batch's rate gate before every
 * attempt (before the attempt's timer starts) and closes the gate on a 429. The returned object has
 * every method at run time (an unsupported one rejects); its type has only what the vendor supports.
 */
// biome-ignore lint/suspicious/noExplicitAny: any vendor's paths and agent type
export function createClientFor<D extends ProviderDefinition<any, string, any>>(
  definition: D,
  options: ClientOptionsBase,
): ClientFor<D> {
  const resolved = resolveOptions(options, definition.defaultBaseUrl);
  const redact = createRedactor(resolved.apiKey);
  const transport =
    (hooks: Partial<TransportOptions> = {}) =>
    (timings: Timings) =>
      createTransport({
        provider: definition.name,
        fetch: resolved.fetch,
        logger: resolved.logger,
        redact,
        ...timings,
        ...hooks,
      });
  const client = createFacade(definition, resolved, redact, transport());
  const bulk = createBulkOperations((gate) =>
    createFacade(
      definition,
      resolved,
      redact,
      transport({
        beforeAttempt: (signal) => gate.take(signal),
        afterAttempt: (response) => observeAttempt(gate, response),
      }),
    ),
  );
  return { ...client, ...bulk } as unknown as ClientFor<D>;
}
