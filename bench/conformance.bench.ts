// The conformance suite's wall time (Prism start-up included) and its size, as `npm run conformance`
// runs it, parsed from the runner's last lines: "checks: N passed, ..." and "N passed, M failed".
import { timeTsx } from './lib/subprocess.js';

/** The counts in the runner's summary lines; undefined when they are not there (a test keeps this in step with the reporter). */
export function parseSummary(stdout: string) {
  const checks = /checks: (\d+) passed, (\d+) failed, (\d+) not applicable; (\d+) cases not run/.exec(stdout);
  const cases = /^(\d+) passed, (\d+) failed\s*$/m.exec(stdout);
  if (!checks || !cases) return undefined;
  return {
    cases: { passed: Number(cases[1]), failed: Number(cases[2]), skipped: Number(checks[4]) },
    checks: { passed: Number(checks[1]), failed: Number(checks[2]), notApplicable: Number(checks[3]) },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const result = await timeTsx(['conformance/run.ts']);
  const summary = parseSummary(result.stdout);
  if (!summary)
    throw new Error(
      `could not parse the conformance output (exit ${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    );
  const figures = { exitCode: result.code, wallMs: Math.round(result.wallMs), ...summary };
  console.log(
    `conformance (all vendors, Prism mocks): ${figures.wallMs} ms wall, ${figures.cases.passed + figures.cases.failed} cases (${figures.cases.failed} failed, ${figures.cases.skipped} not run), ${figures.checks.passed + figures.checks.failed} checks`,
  );
  return figures;
}
