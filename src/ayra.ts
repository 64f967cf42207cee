// Entry point `agent-lifecycle/ayra`: imports only the Ayra provider, so bundles stay free of the others.
import type { paths } from '../generated/ayra/schema.js';
import { createClientFor } from './client.js';
import { provider } from './providers/ayra.js';
import type { AgentClient, ClientOptionsBase } from './types.js';

export * from './public.js';
export type { paths as AyraPaths };
export { provider as ayraProvider };

export function createAyraClient(options: ClientOptionsBase): AgentClient<paths> {
  return createClientFor(provider, options);
}
