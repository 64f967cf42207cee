// Entry point `agent-lifecycle/smallest`: imports only the Smallest provider, so bundles stay free of the others.
import type { components, operations, paths } from '../generated/smallest/schema.js';
import { createClientFor } from './client/create-client.js';
import type { ClientFor, ClientOptionsBase, RawOf } from './client/types.js';
import { provider } from './providers/smallest.js';

export * from './client/public.js';
export type { components as SmallestComponents, operations as SmallestOperations, paths as SmallestPaths };
export { provider as smallestProvider };

/** A Smallest client: only the operations Smallest supports, results typed from its spec. */
export type SmallestClient = ClientFor<typeof provider>;
/** Smallest's agent as its spec describes it (`Agent.raw`). */
export type SmallestAgent = RawOf<typeof provider>;

export function createSmallestClient(options: ClientOptionsBase): SmallestClient {
  return createClientFor(provider, options);
}
