// The conformance suite's wall time (Prism start-up included) and its size, as `npm run conformance`
// runs it, read from the run's JSON report (conformance/harness/report/model.ts), not its terminal.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunReport } from '../conformance/harness/report/model.js';
import { timeNode } from './lib/subprocess.js';
import type { BenchOptions } from './run.js';

/** The figures of a run's JSON report. */
export function summaryOf(report: Pick<RunReport, 'totals'>) {
  const { totals } = report;
  return {
    cases: {
      passed: totals.passed,
      failed: totals.failed,
      skipped: totals.byOutcome.skipped + totals.byOutcome.not_covered,
    },
    checks: {
      passed: totals.checks.passed,
      failed: totals.checks.failed,
      notApplicable: totals.checks.not_applicable,
    },
  };
}

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'al-bench-conformance-'));
  try {
    const out = path.join(dir, 'conformance.json');
    // --tiny: one small vendor.
    const vendors = tiny ? ['--vendor', 'qoder'] : [];
    // As package.json's `conformance` script: the built runner (scripts/launch.mjs), not tsx.
    const result = await timeNode([
      'scripts/launch.mjs',
      'conformance',
      ...vendors,
      '--reporter',
      'json',
      '--out',
      out,
    ]);
    let report: RunReport;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as RunReport;
    } catch {
      throw new Error(
        `conformance wrote no JSON report (exit ${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
      );
    }
    const figures = { exitCode: result.code, wallMs: Math.round(result.wallMs), ...summaryOf(report) };
    console.log(
      `conformance (${tiny ? 'qoder' : 'all vendors'}, Prism mocks): ${figures.wallMs} ms wall, ${figures.cases.passed + figures.cases.failed} cases (${figures.cases.failed} failed, ${figures.cases.skipped} not run), ${figures.checks.passed + figures.checks.failed} checks`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
