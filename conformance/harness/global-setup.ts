// vitest global setup: one Prism per vendor, started in parallel before any case runs and
// stopped afterwards, whatever the outcome (or reused when `npm run conformance` started them).
import type { TestProject } from 'vitest/node';
import type { PrismServer } from './prism.js';
import { preStartedTargets, startTargetServers } from './servers.js';
import { type FailedTarget, type ReadyTarget, resolveTargets } from './targets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceTargets: ReadyTarget[];
    /** Vendors whose server could not start: each fails alone, as one case, with the reason. */
    conformanceFailedTargets: FailedTarget[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const targets = resolveTargets(process.env);
  let servers: PrismServer[] = [];
  let started = preStartedTargets(targets);
  if (!started) {
    const own = await startTargetServers(targets);
    servers = own.servers;
    started = own;
  }
  project.provide('conformanceTargets', started.ready);
  project.provide('conformanceFailedTargets', started.failed);
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
