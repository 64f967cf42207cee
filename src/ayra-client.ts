// Entry point `agent-lifecycle/ayra`: imports only the Ayra provider, so bundles stay free of the others.
import type { components, operations, paths } from '../generated/ayra/schema.js';
import { createClientFor } from './client/create-client.js';
import type { ClientFor, ClientOptionsBase, RawOf } from './client/types.js';
import { provider } from './providers/ayra.js';

export * from './client/public.js';
export type { components as AyraComponents, operations as AyraOperations, paths as AyraPaths };
export { provider as ayraProvider };

/** A Ayra client: only the operations Ayra supports, results typed from its spec. */
export type AyraClient = ClientFor<typeof provider>;
/** Ayra's agent as its spec describes it (`Agent.raw`). */
export type AyraAgent = RawOf<typeof provider>;

export function createAyraClient(options: ClientOptionsBase): AyraClient {
  return createClientFor(provider, options);
}
