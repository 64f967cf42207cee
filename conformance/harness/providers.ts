// The provider conformance runs a vendor's cases through: the package's registry, a fixture provider
// a test registered (AGENT_LIFECYCLE_CONFORMANCE_PROVIDERS, never the package's own registry), or,
// for a vendor with a spec but no provider yet, a raw-only definition that binds no façade method:
// its run is every operation's raw-client cases.
import { pathToFileURL } from 'node:url';
import type { ProviderDefinition } from '../../src/core/provider.js';
import { providers } from '../../src/index.js';
import type { OperationMap } from '../suite/cases.js';
import { ENV } from './targets.js';

export interface ConformanceProvider {
  definition: ProviderDefinition;
  operations: OperationMap;
  /** false: no provider file yet; the façade checks are not there, only the raw client's. */
  facade: boolean;
}

/** Fixture providers named in the environment: module files (absolute paths) exporting `provider`. */
export async function fixtureProviders(env: NodeJS.ProcessEnv = process.env): Promise<Map<string, ProviderDefinition>> {
  const found = new Map<string, ProviderDefinition>();
  for (const file of (env[ENV.fixtureProviders] ?? '').split(',').filter(Boolean)) {
    const mod = (await import(pathToFileURL(file).href)) as { provider?: ProviderDefinition };
    if (!mod.provider || typeof mod.provider.name !== 'string')
      throw new Error(`${ENV.fixtureProviders}: ${file} exports no \`provider\``);
    found.set(mod.provider.name, mod.provider);
  }
  return found;
}

export async function conformanceProvider(
  vendor: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConformanceProvider> {
  const registered =
    (providers as Record<string, ProviderDefinition | undefined>)[vendor] ?? (await fixtureProviders(env)).get(vendor);
  if (registered) return { definition: registered, operations: registered.operations as OperationMap, facade: true };
  return { definition: rawOnlyProvider(vendor), operations: {}, facade: false };
}

/** A definition that binds no façade method: only its raw client is usable. */
export function rawOnlyProvider(vendor: string): ProviderDefinition {
  return { name: vendor, defaultBaseUrl: 'http://127.0.0.1', operations: {}, parseError: () => ({}) };
}

/** The line a run prints for a vendor without a provider. */
export const noFacadeYet = (vendor: string): string =>
  `${vendor}: no provider yet — raw-client cases only, every operation; the façade checks come with src/providers/${vendor}.ts`;
