// Which vendors a conformance run covers and where their servers are, read from the environment
// so that `npm test`, `npm run conformance` and the CLI all share one vitest global setup.
import { listVendors } from '../suite/spec.js';

export interface ConformanceTarget {
  vendor: string;
  mode: 'mock' | 'live';
  /** Live mode: the real API that `prism proxy` forwards to. */
  upstream?: string;
}

export interface ReadyTarget extends ConformanceTarget {
  url: string;
}

/** A vendor whose server could not start: it fails alone, the other vendors still run. */
export interface FailedTarget extends ConformanceTarget {
  reason: string;
}

/** @default 30000 */
export function prismTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[ENV.prismTimeout];
  if (raw === undefined || raw === '') return 30_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`${ENV.prismTimeout} must be a positive whole number of milliseconds, got "${raw}"`);
  return ms;
}

/** @default 2 */
export function mockDepth(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[ENV.mockDepth];
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
export function conformanceScope(env: NodeJS.ProcessEnv = process.env): readonly string[] | 'all' {
  const items = (env[ENV.scope] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.includes('all') ? 'all' : items;
}

export const ENV = {
  vendors: 'AGENT_LIFECYCLE_CONFORMANCE_VENDORS',
  live: 'AGENT_LIFECYCLE_CONFORMANCE_LIVE',
  allowWrites: 'AGENT_LIFECYCLE_CONFORMANCE_ALLOW_WRITES',
  agentId: 'AGENT_LIFECYCLE_CONFORMANCE_AGENT_ID',
  generatedDir: 'AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR',
  /** `1`: vendor spec defects fail the run too (`--strict-spec`). */
  strictSpec: 'AGENT_LIFECYCLE_CONFORMANCE_STRICT_SPEC',
  /** Set by `npm run conformance`, which starts the servers itself to report failures cleanly. */
  servers: 'AGENT_LIFECYCLE_CONFORMANCE_SERVERS',
  /** Vendors whose mock could not start, `{vendor: reason}` JSON, handed down like `servers`. */
  failedServers: 'AGENT_LIFECYCLE_CONFORMANCE_FAILED_SERVERS',
  /** Milliseconds Prism gets to become ready (`--prism-timeout`). */
  prismTimeout: 'AGENT_LIFECYCLE_PRISM_TIMEOUT_MS',
  /** Operations besides the façade's (operationIds or `method path`, comma-separated), or `all`. */
  scope: 'AGENT_LIFECYCLE_CONFORMANCE_SCOPE',
  /** How many `$ref`s deep the mock document inlines schemas before cutting them to their core. */
  mockDepth: 'AGENT_LIFECYCLE_MOCK_DEPTH',
  /** Fixture providers (module files exporting `provider`, comma-separated) that tests register. */
  fixtureProviders: 'AGENT_LIFECYCLE_CONFORMANCE_PROVIDERS',
} as const;

/** `AGENT_LIFECYCLE_<VENDOR>_API_KEY`: one convention for the CLI and the live conformance run. */
export { defaultKeyEnvName as apiKeyEnvName } from '../../src/cli/api-key.js';

/** `vendor=url,vendor=url` */
export function parseLive(value: string | undefined): Map<string, string> {
  const live = new Map<string, string>();
  for (const item of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--live expects <vendor>=<baseUrl>, got "${item}"`);
    const url = item.slice(eq + 1);
    try {
      new URL(url);
    } catch {
      throw new Error(`--live ${item.slice(0, eq)}: "${url}" is not a URL`);
    }
    live.set(item.slice(0, eq), url);
  }
  return live;
}

export function resolveTargets(env: NodeJS.ProcessEnv = process.env): ConformanceTarget[] {
  const available = listVendors(env[ENV.generatedDir] || undefined);
  const live = parseLive(env[ENV.live]);
  const requested = env[ENV.vendors]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const vendors = requested?.length ? requested : live.size > 0 ? [...live.keys()] : available;
  for (const vendor of [...vendors, ...live.keys()]) {
    if (!available.includes(vendor)) {
      throw new Error(
        `unknown vendor "${vendor}": generated/ has ${available.join(', ') || 'no specs (run npm run generate)'}`,
      );
    }
  }
  return vendors.map((vendor) =>
    live.has(vendor) ? { vendor, mode: 'live', upstream: live.get(vendor)! } : { vendor, mode: 'mock' },
  );
}
