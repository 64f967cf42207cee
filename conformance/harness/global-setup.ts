// vitest global setup: one Prism per vendor, started in parallel before any case runs and
// stopped afterwards, whatever the outcome (or reused when `npm run conformance` started them).
import type { TestProject } from 'vitest/node';
import type { PrismServer } from './prism.js';
import { preStartedTargets, startTargetServers } from './servers.js';
import { type ReadyTarget, resolveTargets } from './targets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceTargets: ReadyTarget[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const targets = resolveTargets(process.env);
  let servers: PrismServer[] = [];
  let ready = preStartedTargets(targets);
  if (!ready) ({ ready, servers } = await startTargetServers(targets));
  project.provide('conformanceTargets', ready);
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
