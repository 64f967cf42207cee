import type { AgentClient, WithBulk } from './bulk/types.js';
import { withBulk } from './bulk/with-bulk.js';
import { createClientFor } from './client/create-client.js';
import { assertProviderDefinition } from './client/options.js';
import type { ClientFor, ClientOptionsBase } from './client/types.js';
import { InvalidInputError } from './core/errors.js';
import type { ProviderDefinition } from './core/provider.js';
import { type ProviderName, providers } from './providers/registry.js';

export * from './public.js';
export { type ProviderName, providers, withBulk };

type Providers = typeof providers;

export interface AgentClientOptions<P extends ProviderName | ProviderDefinition = ProviderName>
  extends ClientOptionsBase {
  /** A registered vendor name, or your own ProviderDefinition. */
  provider: P;
}

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/**
 * A literal vendor name gives that vendor's client (only its operations and their batches, typed
 * results); a name known only at run time (`ProviderName`) gives every method, to be checked with
 * `supports()`.
 */
export type ClientOf<N extends ProviderName> =
  true extends IsUnion<N> ? AgentClient : WithBulk<ClientFor<Providers[N]>>;

/**
 * The client for a `provider` option: a vendor name as in ClientOf, or a ProviderDefinition's own client.
 * One signature (not overloads) so that a wrong name or option gets one error that names the valid
 * vendors or the misspelt key, instead of one per overload.
 */
export type ClientOfProvider<P> = [P] extends [ProviderName]
  ? ClientOf<P>
  : [P] extends [ProviderDefinition]
    ? WithBulk<ClientFor<P>>
    : never;

/**
 * One lifecycle API over every vendor, batches included (as the `octokit` package bundles the plugins
 * that `@octokit/core` leaves out); `raw` is typed by the chosen vendor's OpenAPI paths. A vendor's own
 * entry (`agent-lifecycle/qoder`) gives the client alone, and `agent-lifecycle/bulk` its batches.
 */
export function createAgentClient<const P extends ProviderName | ProviderDefinition>(
  options: AgentClientOptions<P>,
): ClientOfProvider<P>;
// biome-ignore lint/suspicious/noExplicitAny: the implementation signature behind the typed overloads
export function createAgentClient(options: AgentClientOptions<ProviderName | ProviderDefinition>): AgentClient<any> {
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('options must be an object');
  const { provider, ...rest } = options;
  if (typeof provider === 'object' && provider !== null) {
    assertProviderDefinition(provider);
    return withBulk(createClientFor(provider, rest));
  }
  if (typeof provider !== 'string' || !Object.hasOwn(providers, provider)) {
    throw new InvalidInputError(`provider must be one of: ${Object.keys(providers).join(', ')}`);
  }
  return withBulk(createClientFor(providers[provider] as ProviderDefinition, rest)) as AgentClient;
}
