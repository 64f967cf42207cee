// The suite at a vendor's published size: our Smallest spec plus 150 synthetic operations shaped like
// the vendor's full spec (patterned ids, required bodies, shared error schemas): ~1,200 cases against
// one Prism, cold (a fresh process, Prism start-up included). Target: ≤ 10 s on 2 cores.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { RunReport } from '../conformance/harness/report/model.js';
import { syntheticSpec } from '../test/fixtures/synthetic-spec.js';
import { REPO_ROOT, timeTsx } from './lib/subprocess.js';
import type { BenchOptions } from './run.js';

const OPERATIONS = 150;

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  const operations = tiny ? 3 : OPERATIONS;
  const dir = mkdtempSync(path.join(tmpdir(), 'al-bench-size-'));
  try {
    const generated = path.join(dir, 'generated');
    cpSync(path.join(REPO_ROOT, 'generated', 'smallest'), path.join(generated, 'smallest'), { recursive: true });
    const file = path.join(generated, 'smallest', 'openapi.yaml');
    const doc = yaml.load(readFileSync(file, 'utf8')) as any;
    const extra = syntheticSpec({ operations }) as any;
    Object.assign(doc.paths, extra.paths);
    Object.assign(doc.components.schemas, extra.components.schemas);
    writeFileSync(file, yaml.dump(doc, { noRefs: true }));
    const out = path.join(dir, 'conformance.json');
    const result = await timeTsx(
      ['conformance/run.ts', '--vendor', 'smallest', '--scope', 'all', '--reporter', 'json', '--out', out],
      { AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR: generated },
    );
    // The run's JSON report, not its terminal lines.
    let report: RunReport;
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as RunReport;
    } catch {
      throw new Error(`conformance wrote no JSON report (exit ${result.code}):\n${result.stdout.slice(-1500)}`);
    }
    const figures = {
      exitCode: result.code,
      operations: Object.keys(doc.paths).length,
      wallMs: Math.round(result.wallMs),
      cases: { passed: report.totals.passed, failed: report.totals.failed },
    };
    console.log(
      `conformance at vendor size (smallest + ${operations} synthetic operations): ${figures.wallMs} ms wall, ${figures.cases.passed + figures.cases.failed} cases (${figures.cases.failed} failed)`,
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
