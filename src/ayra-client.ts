// Entry point `agent-lifecycle/ayra`: imports only the Ayra provider, so bundles stay free of the others.
import type { paths } from '../generated/ayra/schema.js';
import { createClientFor } from './client/create-client.js';
import type { AgentClient, ClientOptionsBase } from './client/types.js';
import { provider } from './providers/ayra.js';

export * from './client/public.js';
export type { paths as AyraPaths };
export { provider as ayraProvider };

export function createAyraClient(options: ClientOptionsBase): AgentClient<paths> {
  return createClientFor(provider, options);
}
