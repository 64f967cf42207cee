import { provider as ayra } from './ayra.js';
import { provider as qoder } from './qoder.js';
import { provider as smallest } from './smallest.js';

/** The registry. Conformance inverts each `operations` map to find the façade call for a route. */
export const providers = { smallest, qoder, ayra };

export type ProviderName = keyof typeof providers;
