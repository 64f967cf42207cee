// Entry point `agent-lifecycle/qoder`: imports only the Qoder provider, so bundles stay free of the others.
import type { paths } from '../generated/qoder/schema.js';
import { createClientFor } from './client/create-client.js';
import type { AgentClient, ClientOptionsBase } from './client/types.js';
import { provider } from './providers/qoder.js';

export * from './client/public.js';
export type { paths as QoderPaths };
export { provider as qoderProvider };

export function createQoderClient(options: ClientOptionsBase): AgentClient<paths> {
  return createClientFor(provider, options);
}
