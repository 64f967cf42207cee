// vitest global setup: one Prism per vendor, started in parallel before any case runs and
// stopped afterwards, whatever the outcome.
import type { TestProject } from 'vitest/node';
import { startPrisms, type PrismServer } from './prism.js';
import { specPath } from './spec.js';
import { ENV, resolveTargets, type ReadyTarget } from './targets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceTargets: ReadyTarget[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const generatedDir = process.env[ENV.generatedDir];
  const targets = resolveTargets(process.env);
  const servers: PrismServer[] = await startPrisms(
    targets.map((t) => ({ name: t.vendor, spec: specPath(t.vendor, generatedDir), upstream: t.upstream })),
  );
  project.provide(
    'conformanceTargets',
    targets.map((t, i) => ({ ...t, url: servers[i]!.url })),
  );
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
