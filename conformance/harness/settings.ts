// The run's settings from the environment, read once at an entry (`npm run conformance`, vitest's
// global setup) into one typed object that is passed down. The variables are how `npm test`, the CLI
// and tests that spawn a run reach a suite whose entry is vitest's.
import { apiKeyEnvName } from '../../src/core/api-key-env.js';
import type { ConformanceSettings } from '../suite/context.js';

export const ENV = {
  vendors: 'AGENT_LIFECYCLE_CONFORMANCE_VENDORS',
  live: 'AGENT_LIFECYCLE_CONFORMANCE_LIVE',
  allowWrites: 'AGENT_LIFECYCLE_CONFORMANCE_ALLOW_WRITES',
  agentId: 'AGENT_LIFECYCLE_CONFORMANCE_AGENT_ID',
  generatedDir: 'AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR',
  /** `1`: vendor spec defects fail the run too (`--strict-spec`). */
  strictSpec: 'AGENT_LIFECYCLE_CONFORMANCE_STRICT_SPEC',
  /** Milliseconds Prism gets to become ready (`--prism-timeout`). */
  prismTimeout: 'AGENT_LIFECYCLE_PRISM_TIMEOUT_MS',
  /** Operations besides the façade's (operationIds or `method path`, comma-separated), or `all`. */
  scope: 'AGENT_LIFECYCLE_CONFORMANCE_SCOPE',
  /** How many `$ref`s deep the mock document inlines schemas before cutting them to their core. */
  mockDepth: 'AGENT_LIFECYCLE_MOCK_DEPTH',
  /** Fixture providers (module files exporting `provider`, comma-separated) that tests register. */
  fixtureProviders: 'AGENT_LIFECYCLE_CONFORMANCE_PROVIDERS',
} as const;

/** `AGENT_LIFECYCLE_<VENDOR>_API_KEY`: one convention for the client, the CLI and the live run. */
export { apiKeyEnvName };

/** `a, b,,c` → `['a', 'b', 'c']` */
export const parseList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** @default 30000 */
export function parsePrismTimeout(raw: string | undefined, name: string = ENV.prismTimeout): number {
  if (raw === undefined || raw === '') return 30_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`${name} must be a positive whole number of milliseconds, got "${raw}"`);
  return ms;
}

/** @default 2 */
export function parseMockDepth(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 2;
  const depth = Number(raw);
  if (!Number.isInteger(depth) || depth < 0)
    throw new Error(`${ENV.mockDepth} must be a whole number ≥ 0, got "${raw}"`);
  return depth;
}

/**
 * `all`, or the operations listed besides the ones the façade binds (operationIds or `method path`).
 * @default [] (the façade's operations only)
 */
export function parseScope(items: readonly string[]): readonly string[] | 'all' {
  const scope = items.flatMap((item) => parseList(item));
  return scope.includes('all') ? 'all' : scope;
}

/** `vendor=url,vendor=url` → `{vendor: url}` */
export function parseLive(value: string | undefined): Record<string, string> {
  const live: Record<string, string> = {};
  for (const item of parseList(value)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--live expects <vendor>=<baseUrl>, got "${item}"`);
    const url = item.slice(eq + 1);
    try {
      new URL(url);
    } catch {
      throw new Error(`--live ${item.slice(0, eq)}: "${url}" is not a URL`);
    }
    // The vendor names a key: defined as an own property, never assigned (`__proto__` is data).
    Object.defineProperty(live, item.slice(0, eq), {
      value: url,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return live;
}

/** Each live vendor's key, from its variable; a missing one is left out (the entry says so). */
export function apiKeysFor(live: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.keys(live)
      .filter((vendor) => env[apiKeyEnvName(vendor)])
      .map((vendor) => [vendor, env[apiKeyEnvName(vendor)]!]),
  );
}

/** Every setting from the environment; a malformed value throws, naming its variable. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): ConformanceSettings {
  const live = parseLive(env[ENV.live]);
  return {
    ...(env[ENV.generatedDir] ? { generatedDir: env[ENV.generatedDir] } : {}),
    vendors: parseList(env[ENV.vendors]),
    live,
    apiKeys: apiKeysFor(live, env),
    allowWrites: env[ENV.allowWrites] === '1',
    ...(env[ENV.agentId] ? { agentId: env[ENV.agentId] } : {}),
    strictSpec: env[ENV.strictSpec] === '1',
    prismTimeoutMs: parsePrismTimeout(env[ENV.prismTimeout]),
    scope: parseScope([env[ENV.scope] ?? '']),
    mockDepth: parseMockDepth(env[ENV.mockDepth]),
    fixtureProviders: parseList(env[ENV.fixtureProviders]),
  };
}
