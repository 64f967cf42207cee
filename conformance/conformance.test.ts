// The conformance suite: cases derived from generated/<vendor>/openapi.yaml, run against the Prism
// servers that global-setup (or `npm run conformance`) started, with the settings it provided. Each
// case's verdicts go into task.meta for the report; the cases not run go there too, as data.
import { describe, expect, inject, test } from 'vitest';
import { operationInScope } from './harness/mock-document.js';
import { conformanceProvider } from './harness/providers.js';
import { buildCases, scopeFor, unboundRoutes, uncoveredOperations } from './suite/cases.js';
import type { CaseResult, ConformanceCase, VendorContext } from './suite/context.js';
import { runCase } from './suite/execute.js';
import type { NotRunCase } from './suite/not-run.js';
import { failsRun } from './suite/outcome.js';
import { prepareCases } from './suite/prepare.js';
import { loadSpec, specPath } from './suite/spec.js';

const settings = inject('conformanceSettings');
const targets = inject('conformanceTargets');
const failedTargets = inject('conformanceFailedTargets') ?? [];

for (const failed of failedTargets) {
  describe(failed.vendor, () => {
    const id = `${failed.vendor} mock server starts`;
    test(id, ({ task }) => {
      task.meta.conformanceCase = { id, vendor: failed.vendor, operation: 'mock', label: 'server starts' };
      expect.fail(failed.reason);
    });
  });
}

/** A case as the report lists it when it does not run. */
const notRun = (kind: 'out_of_scope' | 'skipped', c: ConformanceCase): NotRunCase => ({
  kind,
  id: c.id,
  vendor: c.vendor,
  operation: c.operation?.operationId ?? '*',
  label: c.label,
});

for (const target of targets) {
  const doc = loadSpec(specPath(target.vendor, settings.generatedDir));
  const provider = await conformanceProvider(target.vendor, settings.fixtureProviders);
  const live = target.mode === 'live';
  // Mock cases are independent (Prism is stateless): run concurrently. Live cases stay in order.
  describe(target.vendor, { concurrent: !live }, () => {
    const ctx: VendorContext = {
      vendor: target.vendor,
      provider: provider.definition,
      semantics: provider.semantics,
      doc,
      baseUrl: target.url,
      mode: target.mode,
      apiKey: live ? (settings.apiKeys[target.vendor] ?? '') : 'conformance-mock-key',
      agentId: live ? settings.agentId : undefined,
    };
    // Complete once collection ends (below), before any test runs.
    const uncovered = provider.facade ? uncoveredOperations(doc, provider.operations) : [];
    const notRunCases: NotRunCase[] = uncovered.map((operation) => ({
      kind: 'not_covered',
      vendor: target.vendor,
      operation,
    }));
    const bindings = `${target.vendor} façade bindings name routes of the spec`;
    test(bindings, ({ task }) => {
      task.meta.conformanceNotRun = notRunCases;
      const label = 'bindings name routes of the spec';
      task.meta.conformanceCase = { id: bindings, vendor: target.vendor, operation: 'façade', label };
      expect(unboundRoutes(doc, provider.operations)).toEqual([]);
    });
    // Without a provider nothing is covered by the façade, and every operation is in scope:
    // `npm run conformance` says so in one line (noFacadeYet), not one per operation.
    const scope = provider.facade ? scopeFor(settings.scope, provider.operations) : 'all';
    const toRun: ConformanceCase[] = [];
    for (const c of buildCases(target.vendor, doc, provider.operations, target.mode)) {
      const op = c.operation;
      if (op && !operationInScope(scope, op.method, op.path, { operationId: op.operationId })) {
        // Said in the report, never silently dropped: the mock does not serve it either.
        notRunCases.push(notRun('out_of_scope', c));
        continue;
      }
      // Live mode changes state only when asked to, on the agent named for it.
      if (live && c.destructive && !(settings.allowWrites && settings.agentId)) {
        notRunCases.push(notRun('skipped', c));
        continue;
      }
      toRun.push(c);
      test(c.id, async ({ task }) => {
        task.meta.conformanceCase = { id: c.id, vendor: c.vendor, operation: op?.operationId ?? '*', label: c.label };
        const result = await runCase(c, ctx);
        task.meta.conformance = result;
        // Only failures of ours fail a case (and vendor spec defects under --strict-spec); the rest
        // are reported with their owner.
        if (!failsRun(result.outcome, { strictSpec: settings.strictSpec })) return;
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
    conformance?: CaseResult;
    /** Set before the case runs: a case that throws is still reported by its data, not its name. */
    conformanceCase?: { id: string; vendor: string; operation: string; label: string };
  }
}
