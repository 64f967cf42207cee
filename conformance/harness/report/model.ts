// The result of one conformance run, as every reporter (terminal, HTML, JSON, JUnit) consumes it.
// Built once from vitest's test modules; the JSON reporter writes it as is (see report.schema.json).
import type { TestModule } from 'vitest/node';
import { oneLine } from '../../../src/core/printable.js';
import { CHECK_NAMES, type CheckName, type Verdict } from '../../suite/checks.js';
import type { CaseResult, ExchangeExcerpt } from '../../suite/context.js';
import type { NotRunCase } from '../../suite/not-run.js';
import { failsRun, OUTCOMES, type Outcome } from '../../suite/outcome.js';

export { OUTCOMES, type Outcome } from '../../suite/outcome.js';

/** The `kind` of a skipped case whose operation was outside `--scope`. */
export const OUT_OF_SCOPE = 'out_of_scope';

export type CheckOutcome = 'passed' | 'failed' | 'not_applicable';

export interface CheckReport {
  name: CheckName;
  outcome: CheckOutcome;
  /** One line: why it failed (or why it does not apply). */
  reason?: string;
  /**
   * Who a failure blames: `vendor_spec` (with `location`), `mock`, or `ours` with a `location`: a
   * defect in a spec we wrote. Absent: ours (client, façade).
   */
  owner?: 'ours' | 'vendor_spec' | 'mock';
  /** Where in the spec the defect sits: file#pointer, space-separated. */
  location?: string;
}

export interface CaseReport {
  id: string;
  vendor: string;
  operation: string;
  /** `GET /agents/{agent_id}`, when the case has an operation. */
  route?: string;
  /** `200`, `409[already_archived]`, `no_authorization`… */
  label: string;
  kind: string;
  outcome: Outcome;
  specLocation?: string;
  checks: CheckReport[];
  exchanges: ExchangeExcerpt[];
  /** How long the case took (cases that ran). */
  durationMs?: number;
}

export interface RunReport {
  schemaVersion: 1;
  startedAt: string;
  wallMs: number;
  versions: { agentLifecycle: string; node: string; prism: string; vitest: string };
  vendors: string[];
  totals: {
    cases: number;
    passed: number;
    failed: number;
    byOutcome: Record<Outcome, number>;
    checks: Record<CheckOutcome, number>;
  };
  cases: CaseReport[];
}

function checkReport(name: CheckName, verdict: Verdict): CheckReport {
  if (verdict.ok === true) return { name, outcome: 'passed' };
  if (verdict.ok === false) {
    return {
      name,
      outcome: 'failed',
      reason: oneLine(verdict.detail),
      // `ours` is written only for a defect of our own spec (it has a location).
      ...(verdict.owner && (verdict.owner !== 'ours' || verdict.location) ? { owner: verdict.owner } : {}),
      ...(verdict.location ? { location: verdict.location } : {}),
    };
  }
  return { name, outcome: 'not_applicable', ...(verdict.detail ? { reason: oneLine(verdict.detail) } : {}) };
}

function fromCaseResult(result: CaseResult): CaseReport {
  return {
    id: result.id,
    vendor: result.vendor,
    operation: result.operationId,
    ...(result.method ? { route: `${result.method} ${result.path}` } : {}),
    label: result.label,
    kind: result.kind,
    outcome: result.passed ? 'passed' : (result.outcome ?? 'failed'),
    specLocation: result.specLocation,
    checks: CHECK_NAMES.filter((n) => result.checks[n]).map((n) => checkReport(n, result.checks[n]!)),
    exchanges: result.exchanges,
    durationMs: result.durationMs,
  };
}

export interface RunInfo {
  startedAt: Date;
  wallMs: number;
  versions: RunReport['versions'];
  /** Count vendor spec defects as failed (`--strict-spec`). @default false */
  strictSpec?: boolean;
}

function notRunCase(c: NotRunCase): CaseReport {
  const common = { vendor: c.vendor, operation: c.operation, checks: [], exchanges: [] };
  if (c.kind === 'not_covered') {
    return {
      ...common,
      id: `${c.vendor} ${c.operation} not_covered`,
      label: 'not covered',
      kind: 'not_covered',
      outcome: 'not_covered',
    };
  }
  // A live write case without --allow-writes keeps its row in the matrix, marked skipped.
  return {
    ...common,
    id: c.id,
    label: c.label,
    kind: c.kind === 'skipped' ? 'skipped' : OUT_OF_SCOPE,
    outcome: 'skipped',
  };
}

/** Cases from vitest's modules: each conformance test carries its CaseResult in `meta.conformance`. */
export function buildRunReport(testModules: ReadonlyArray<TestModule>, info: RunInfo): RunReport {
  const cases: CaseReport[] = [];
  for (const mod of testModules) {
    for (const test of mod.children.allTests()) {
      const state = test.result().state;
      const meta = test.meta().conformance;
      for (const notRun of test.meta().conformanceNotRun ?? []) cases.push(notRunCase(notRun));
      // What the case is, from its own data (set before it ran), else from vitest's structure: a
      // vendor's own tests (bindings, server start) are named by vendor and test.
      const vendor = test.parent.type === 'suite' ? test.parent.name : '?';
      const known = test.meta().conformanceCase ?? { id: test.name, vendor, operation: '*', label: test.name };
      if (state === 'skipped' || state === 'pending') {
        cases.push({ ...known, kind: 'skipped', outcome: 'skipped', checks: [], exchanges: [] });
      } else if (meta) {
        // A case whose test passed may still end as a spec defect or a mock limitation (not failing).
        cases.push(fromCaseResult({ ...meta, passed: state === 'passed' && meta.outcome === 'passed' }));
      } else {
        // A test that failed before producing a verdict (a throw in the case itself).
        const message = test.result().errors?.[0]?.message ?? 'failed';
        const duration = test.diagnostic()?.duration;
        cases.push({
          ...known,
          kind: 'error',
          outcome: state === 'passed' ? 'passed' : 'failed',
          checks: state === 'passed' ? [] : [{ name: 'error_mapping', outcome: 'failed', reason: oneLine(message) }],
          exchanges: [],
          ...(duration === undefined ? {} : { durationMs: Math.round(duration) }),
        });
      }
    }
  }
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const checks: Record<CheckOutcome, number> = { passed: 0, failed: 0, not_applicable: 0 };
  for (const c of cases) {
    byOutcome[c.outcome]++;
    for (const check of c.checks) checks[check.outcome]++;
  }
  const run = cases.filter((c) => c.outcome !== 'not_covered' && c.outcome !== 'skipped');
  return {
    schemaVersion: 1,
    startedAt: info.startedAt.toISOString(),
    wallMs: info.wallMs,
    versions: info.versions,
    vendors: [...new Set(cases.map((c) => c.vendor))],
    totals: {
      cases: run.length,
      passed: byOutcome.passed,
      failed: cases.filter((c) => failsRun(c.outcome, { strictSpec: info.strictSpec })).length,
      byOutcome,
      checks,
    },
    cases,
  };
}

/** The run's last line, the same for every reporter: cases passed and failed. */
export function finalLine(report: RunReport): string {
  return `${report.totals.passed} passed, ${report.totals.failed} failed`;
}

/** How a report introduces a check's spec location: whose spec has the defect. */
export function defectAt(check: Pick<CheckReport, 'owner'>): string {
  return check.owner === 'ours' ? 'defect in our spec at' : 'vendor spec defect at';
}

/** Failures first (in case order), then everything else in case order. */
export function failuresFirst(cases: readonly CaseReport[]): CaseReport[] {
  const bad = (c: CaseReport) => c.outcome === 'failed';
  return [...cases.filter(bad), ...cases.filter((c) => !bad(c))];
}
