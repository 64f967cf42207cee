// The provider conformance runs a vendor's cases through: the package's registry, a fixture provider
// a test registered (settings.fixtureProviders, never the package's own registry), or,
// for a vendor with a spec but no provider yet, a raw-only definition that binds no façade method:
// its run is every operation's raw-client cases. Each comes from a provider module, a file exporting
// `provider` and (read by semantic_conformance only, so apps do not ship it) `semantics`.
import { pathToFileURL } from 'node:url';
import type { ProviderDefinition } from '../../src/core/provider.js';
import type { ProviderSemantics } from '../../src/core/semantics.js';
import { providerModules } from '../../src/providers/registry.js';
import type { OperationMap } from '../suite/context.js';
import { ENV } from './settings.js';

export interface ConformanceProvider {
  definition: ProviderDefinition;
  /** What its answers mean: the module's `semantics` export, else the definition's own field. */
  semantics: ProviderSemantics | undefined;
  operations: OperationMap;
  /** false: no provider file yet; the façade checks are not there, only the raw client's. */
  facade: boolean;
}

/**
 * A module file, TypeScript included: under tsx (vitest, `tsx conformance/run.ts`) as it is; in a
 * built run (scripts/launch.mjs, plain node) a .ts file is loaded through tsx, registered then.
 */
async function importModule(file: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(file).href);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
}

/** What a provider file exports (its other exports are not read). */
export interface ProviderModule {
  provider?: ProviderDefinition;
  semantics?: ProviderSemantics;
}

/** A provider module's definition and semantics (the export first, then a custom definition's field). */
function fromModule(mod: ProviderModule & { provider: ProviderDefinition }): ConformanceProvider {
  const definition = mod.provider;
  return {
    definition,
    semantics: mod.semantics ?? definition.semantics,
    operations: definition.operations as OperationMap,
    facade: true,
  };
}

/** Fixture providers: module files (absolute paths) exporting `provider`, and maybe `semantics`. */
export async function fixtureProviders(files: readonly string[]): Promise<Map<string, ConformanceProvider>> {
  const found = new Map<string, ConformanceProvider>();
  for (const file of files) {
    const mod = (await importModule(file)) as ProviderModule;
    if (!mod.provider || typeof mod.provider.name !== 'string')
      throw new Error(`${ENV.fixtureProviders}: ${file} exports no \`provider\``);
    found.set(mod.provider.name, fromModule({ ...mod, provider: mod.provider }));
  }
  return found;
}

export async function conformanceProvider(
  vendor: string,
  fixtureFiles: readonly string[],
): Promise<ConformanceProvider> {
  const modules: Record<string, ProviderModule & { provider: ProviderDefinition }> = providerModules;
  const registered = Object.hasOwn(modules, vendor)
    ? fromModule(modules[vendor]!)
    : (await fixtureProviders(fixtureFiles)).get(vendor);
  return registered ?? { definition: rawOnlyProvider(vendor), semantics: undefined, operations: {}, facade: false };
}

/** A definition that binds no façade method: only its raw client is usable. */
export function rawOnlyProvider(vendor: string): ProviderDefinition {
  return { name: vendor, defaultBaseUrl: 'http://127.0.0.1', operations: {}, parseError: () => ({}) };
}

/** The line a run prints for a vendor without a provider. */
export const noFacadeYet = (vendor: string): string =>
  `${vendor}: no provider yet — raw-client cases only, every operation; the façade checks come with src/providers/${vendor}.ts`;
