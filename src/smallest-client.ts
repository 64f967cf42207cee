// Entry point `agent-lifecycle/smallest`: imports only the Smallest provider, so bundles stay free of the others.
import type { paths } from '../generated/smallest/schema.js';
import { createClientFor } from './client/create-client.js';
import type { AgentClient, ClientOptionsBase } from './client/types.js';
import { provider } from './providers/smallest.js';

export * from './client/public.js';
export type { paths as SmallestPaths };
export { provider as smallestProvider };

export function createSmallestClient(options: ClientOptionsBase): AgentClient<paths> {
  return createClientFor(provider, options);
}
