// Entry point `agent-lifecycle/qoder`: imports only the Qoder provider, so bundles stay free of the others.
import type { components, operations, paths } from '../generated/qoder/schema.js';
import { createClientFor } from './client/create-client.js';
import type { ClientFor, ClientOptionsBase, RawOf } from './client/types.js';
import { provider } from './providers/qoder.js';

export * from './client/public.js';
export type { components as QoderComponents, operations as QoderOperations, paths as QoderPaths };
export { provider as qoderProvider };

/** A Qoder client: only the operations Qoder supports, results typed from its spec. */
export type QoderClient = ClientFor<typeof provider>;
/** Qoder's agent as its spec describes it (`Agent.raw`). */
export type QoderAgent = RawOf<typeof provider>;

export function createQoderClient(options: ClientOptionsBase): QoderClient {
  return createClientFor(provider, options);
}
