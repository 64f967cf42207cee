// A vitest reporter that prints the conformance matrix (vendor x operation x case x check),
// the details of every failed check, and a last line `N passed, N failed`.
import type { Reporter, TestModule } from 'vitest/node';
import { CHECK_NAMES, type Verdict } from '../suite/checks.js';
import type { CaseResult } from '../suite/execute.js';

const SHORT: Record<string, string> = {
  request_conformance: 'request',
  status_code_conformance: 'status',
  content_type_conformance: 'content',
  response_schema_conformance: 'schema',
  error_mapping: 'mapping',
  examples_valid: 'examples',
};

const cell = (v: Verdict | undefined): string =>
  v === undefined ? '' : v.ok === true ? 'pass' : v.ok === false ? 'FAIL' : 'n/a';

export interface MatrixSummary {
  passed: number;
  failed: number;
  skipped: number;
  todo: string[];
  results: CaseResult[];
}

export function summarize(testModules: ReadonlyArray<TestModule>): MatrixSummary {
  const summary: MatrixSummary = { passed: 0, failed: 0, skipped: 0, todo: [], results: [] };
  for (const mod of testModules) {
    for (const test of mod.children.allTests()) {
      const state = test.result().state;
      const meta = test.meta().conformance;
      if (test.options.mode === 'todo') {
        summary.todo.push(test.name);
        continue;
      }
      if (state === 'skipped' || state === 'pending') {
        summary.skipped++;
        continue;
      }
      if (state === 'passed') summary.passed++;
      else summary.failed++;
      if (meta) summary.results.push({ ...meta, passed: state === 'passed' });
      else if (state === 'failed') {
        const message = test.result().errors?.[0]?.message ?? 'failed';
        summary.results.push({
          id: test.name,
          vendor: '?',
          operationId: '?',
          label: test.name,
          checks: {},
          passed: false,
          error: message,
        } as CaseResult);
      }
    }
  }
  return summary;
}

/** The run's last line: cases passed and failed. */
export function finalLine(summary: MatrixSummary): string {
  return `${summary.passed} passed, ${summary.failed} failed`;
}

export function renderMatrix(summary: MatrixSummary): string {
  const header = ['vendor', 'operation', 'case', ...CHECK_NAMES.map((n) => SHORT[n]!)];
  const rows = summary.results.map((r) => [
    r.vendor,
    r.operationId,
    r.label,
    ...CHECK_NAMES.map((n) => cell(r.checks[n])),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cols: string[]): string =>
    cols
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const legend = `columns: ${CHECK_NAMES.map((n) => `${SHORT[n]} = ${n}`).join(', ')}`;
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', legend];
  const failures = summary.results.filter((r) => !r.passed);
  if (failures.length > 0) {
    out.push('', 'Failures:');
    for (const r of failures) {
      const details = Object.entries(r.checks).filter(([, v]) => v.ok === false);
      if (details.length === 0) out.push(`  ${r.id}: ${(r as any).error ?? 'failed'}`);
      for (const [name, v] of details) out.push(`  ${r.id} ${name}: ${(v as { detail: string }).detail}`);
    }
  }
  if (summary.todo.length > 0) out.push('', 'Not covered:', ...summary.todo.map((t) => `  ${t}`));
  const checks = summary.results.flatMap((r) => Object.values(r.checks));
  out.push(
    '',
    `checks: ${checks.filter((v) => v.ok === true).length} passed, ${checks.filter((v) => v.ok === false).length} failed, ${checks.filter((v) => v.ok === 'n/a').length} not applicable; ${summary.skipped} cases skipped`,
  );
  return out.join('\n');
}

export class MatrixReporter implements Reporter {
  summary?: MatrixSummary;
  constructor(private readonly write: (text: string) => void = (t) => process.stdout.write(t)) {}
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    this.summary = summarize(testModules);
    this.write(`${renderMatrix(this.summary)}\n`);
  }
}
