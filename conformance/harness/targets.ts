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
