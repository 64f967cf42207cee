import type { ProviderDefinition } from '../core/provider.js';
import { createRedactor } from '../internal/redaction.js';
import { createTransport } from '../internal/transport.js';
import { createFacade } from './facade.js';
import { resolveOptions } from './options.js';
import type { ClientFor, ClientOptionsBase } from './types.js';

/**
 * A client for one provider definition: the façade over the transport. The returned object has every
 * method at run time (an unsupported one rejects); its type has only what the vendor supports. Batches
 * are a plugin over it (`withBulk`, `agent-lifecycle/bulk`).
 */
// biome-ignore lint/suspicious/noExplicitAny: any vendor's paths and agent type
export function createClientFor<D extends ProviderDefinition<any, string, any>>(
  definition: D,
  options: ClientOptionsBase,
): ClientFor<D> {
  const resolved = resolveOptions(options, definition.defaultBaseUrl, definition.name);
  const redact = createRedactor(resolved.apiKey);
  const transport = createTransport({
    provider: definition.name,
    fetch: resolved.fetch,
    logger: resolved.logger,
    redact,
    observer: { onRequest: resolved.onRequest, onResponse: resolved.onResponse },
  });
  return createFacade(definition, resolved, redact, transport) as unknown as ClientFor<D>;
}
