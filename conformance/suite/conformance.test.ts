// The conformance suite: cases derived from generated/<vendor>/openapi.yaml, run against the Prism
// servers that global-setup started. Each case's verdicts go into task.meta for the matrix reporter.
import { describe, expect, inject, test } from 'vitest';
import { operationInScope } from '../harness/mock-document.js';
import { conformanceProvider } from '../harness/providers.js';
import { apiKeyEnvName, conformanceScope, ENV } from '../harness/targets.js';
import { buildCases, type ConformanceCase, scopeFor, unboundRoutes, uncoveredOperations } from './cases.js';
import { runCase, type VendorContext } from './execute.js';
import { type NotRunCase, outOfScope } from './not-run.js';
import { failsRun } from './outcome.js';
import { prepareCases } from './prepare.js';
import { loadSpec, specPath } from './spec.js';

const targets = inject('conformanceTargets');
const failedTargets = inject('conformanceFailedTargets') ?? [];
const generatedDir = process.env[ENV.generatedDir];
const allowWrites = process.env[ENV.allowWrites] === '1';
const liveAgentId = process.env[ENV.agentId] || undefined;
const strictSpec = process.env[ENV.strictSpec] === '1';

for (const failed of failedTargets) {
  describe(failed.vendor, () => {
    test(`${failed.vendor} mock server starts`, () => {
      expect.fail(failed.reason);
    });
  });
}

for (const target of targets) {
  const doc = loadSpec(specPath(target.vendor, generatedDir));
  const provider = await conformanceProvider(target.vendor);
  // Mock cases are independent (Prism is stateless): run concurrently. Live cases stay in order.
  describe(target.vendor, { concurrent: target.mode === 'mock' }, () => {
    const ctx: VendorContext = {
      vendor: target.vendor,
      provider: provider.definition,
      doc,
      baseUrl: target.url,
      mode: target.mode,
      apiKey: target.mode === 'live' ? (process.env[apiKeyEnvName(target.vendor)] ?? '') : 'conformance-mock-key',
      agentId: target.mode === 'live' ? liveAgentId : undefined,
    };
    // Complete once collection ends (below), before any test runs.
    const uncovered = provider.facade ? uncoveredOperations(doc, provider.operations) : [];
    const notRun: NotRunCase[] = uncovered.map((operation) => ({
      kind: 'not_covered',
      vendor: target.vendor,
      operation,
    }));
    test(`${target.vendor} façade bindings name routes of the spec`, ({ task }) => {
      task.meta.conformanceNotRun = notRun;
      expect(unboundRoutes(doc, provider.operations)).toEqual([]);
    });
    // Without a provider nothing is covered by the façade, and every operation is in scope:
    // `npm run conformance` says so in one line (noFacadeYet), not one per operation.
    const scope = provider.facade ? scopeFor(conformanceScope(process.env), provider.operations) : 'all';
    const toRun: ConformanceCase[] = [];
    for (const c of buildCases(target.vendor, doc, provider.operations, target.mode)) {
      const op = c.operation;
      if (op && !operationInScope(scope, op.method, op.path, { operationId: op.operationId })) {
        // Said in the report, never silently dropped: the mock does not serve it either.
        notRun.push(outOfScope(c.id));
        continue;
      }
      const skipWrite = target.mode === 'live' && c.destructive && !(allowWrites && liveAgentId);
      if (!skipWrite) toRun.push(c);
      test.skipIf(skipWrite)(c.id, async ({ task }) => {
        const result = await runCase(c, ctx);
        task.meta.conformance = result;
        // Only failures of ours fail a case (and vendor spec defects under --strict-spec); the rest
        // are reported with their owner.
        if (!failsRun(result.outcome, { strictSpec })) return;
        const failures = Object.entries(result.checks)
          .filter(([, v]) => v.ok === false)
          .map(([name, v]) => `${name}: ${(v as { detail: string }).detail}`);
        expect(failures).toEqual([]);
      });
    }
    // Now, while no request is in flight: what the cases compute from the spec alone (see prepare.ts).
    prepareCases(ctx, toRun);
  });
}

declare module 'vitest' {
  interface TaskMeta {
    conformance?: import('./execute.js').CaseResult;
  }
}
