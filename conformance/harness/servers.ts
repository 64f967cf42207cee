// One Prism per conformance target: a mock of its generated spec, or a validating proxy in front
// of the live API. Shared by the vitest global setup and `npm run conformance`.

import { specPath } from '../suite/spec.js';
import { type PrismServer, startPrisms } from './prism.js';
import { type ConformanceTarget, ENV, type ReadyTarget } from './targets.js';

export async function startTargetServers(
  targets: ConformanceTarget[],
): Promise<{ ready: ReadyTarget[]; servers: PrismServer[] }> {
  const generatedDir = process.env[ENV.generatedDir] || undefined;
  const servers = await startPrisms(
    targets.map((t) => ({ name: t.vendor, spec: specPath(t.vendor, generatedDir), upstream: t.upstream })),
  );
  return { ready: targets.map((t, i) => ({ ...t, url: servers[i]!.url })), servers };
}

/** Servers a parent process already started, handed down as `{vendor: url}` JSON. */
export function preStartedTargets(targets: ConformanceTarget[]): ReadyTarget[] | undefined {
  const raw = process.env[ENV.servers];
  if (!raw) return undefined;
  const urls = JSON.parse(raw) as Record<string, string>;
  return targets.map((t) => {
    const url = urls[t.vendor];
    if (!url) throw new Error(`${ENV.servers} has no server for ${t.vendor}`);
    return { ...t, url };
  });
}
