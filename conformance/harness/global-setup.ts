// vitest global setup, the suite's entry under `vitest` (`npm test`): reads the settings from the
// environment once, starts one Prism per vendor in parallel before any case runs and stops them
// afterwards, whatever the outcome. Under `npm run conformance` the runner has done both already and
// provided the result: nothing to do here.
import type { TestProject } from 'vitest/node';
import type { ConformanceSettings } from '../suite/context.js';
import type { FailedTarget, ReadyTarget } from './targets.js';

declare module 'vitest' {
  export interface ProvidedContext {
    conformanceSettings: ConformanceSettings;
    conformanceTargets: ReadyTarget[];
    /** Vendors whose server could not start: each fails alone, as one case, with the reason. */
    conformanceFailedTargets: FailedTarget[];
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.getProvidedContext().conformanceSettings) return undefined;
  // Loaded only here: under `npm run conformance` this file is loaded (through vite) for nothing.
  const [{ startTargetServers }, { settingsFromEnv }, { resolveTargets }] = await Promise.all([
    import('./servers.js'),
    import('./settings.js'),
    import('./targets.js'),
  ]);
  const settings = settingsFromEnv(process.env);
  const started = await startTargetServers(resolveTargets(settings), settings);
  project.provide('conformanceSettings', settings);
  project.provide('conformanceTargets', started.ready);
  project.provide('conformanceFailedTargets', started.failed);
  return async () => {
    await Promise.all(started.servers.map((s) => s.stop()));
  };
}
