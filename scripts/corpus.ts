// npm run corpus -- <dir> [--runs <n>] [--keep]
// Takes every OpenAPI spec in a folder (*.json, *.yaml, *.yml) through what a user would do with a
// new vendor, each in a scratch copy (never specs/ or generated/): specs:pull → generate →
// typecheck of schema.d.ts → mock ready (Prism on the mock document) → conformance (raw client,
// every operation). Prints one row per spec, then every repair and vendor spec defect with its
// pointer and every failure of ours. Exit 1 when a stage fails, a case fails that is ours, or
// (--runs n) the runs' counts differ.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunReport } from '../conformance/harness/report/model.js';
import { HTTP_METHODS } from '../src/core/types.js';
import { vendorOf } from './corpus/vendor-name.js';
import { buildVendor } from './pipeline/build.js';
import { repoRoot } from './pipeline/paths.js';
import { isEntry, PipelineError, runMain } from './pipeline/pipeline-error.js';
import { REPAIR_RULES, type Repair } from './pipeline/repairs.js';

const usage = 'usage: npm run corpus -- <dir> [--runs <n>] [--keep]';
const STAGES = ['pull', 'generate', 'typecheck', 'mock', 'conformance'] as const;
type Stage = (typeof STAGES)[number];

interface StageRun {
  ms: number;
  /** Peak RSS (KB) of the stage's processes, children (Prism, vitest workers) included. */
  rssKb: number;
  ok: boolean;
  output: string;
}

interface Row {
  file: string;
  vendor: string;
  operations?: number;
  repairs: Repair[];
  stages: Partial<Record<Stage, StageRun>>;
  mockReadyMs?: number;
  /** One per conformance run. */
  reports: RunReport[];
  /** The stage that failed, with its last output line. */
  broken?: string;
}

/** Text from a spec or a child, safe for a terminal: no control characters, one line. */
const plain = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();

function runStage(args: string[], env: NodeJS.ProcessEnv, rssFile: string): Promise<StageRun> {
  const started = performance.now();
  const probe = path.join(repoRoot, 'scripts', 'corpus', 'rss-probe.cjs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(probe)}`.trim(),
        AGENT_LIFECYCLE_CORPUS_RSS_FILE: rssFile,
        NO_COLOR: '1',
        COLUMNS: '200',
      },
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('close', async (code) => {
      const peaks = (await fs.readFile(rssFile, 'utf8').catch(() => ''))
        .split('\n')
        .map(Number)
        .filter((n) => Number.isFinite(n) && n > 0);
      resolve({ ms: performance.now() - started, rssKb: Math.max(0, ...peaks), ok: code === 0, output });
    });
  });
}

async function sweepOne(file: string, runs: number, keep: boolean): Promise<Row> {
  const vendor = vendorOf(file);
  const row: Row = { file: path.basename(file), vendor, repairs: [], stages: {}, reports: [] };
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), `agent-lifecycle-corpus-${vendor}-`));
  const specs = path.join(scratch, 'specs');
  const generated = path.join(scratch, 'generated');
  await fs.mkdir(path.join(specs, vendor), { recursive: true });
  const env = { AGENT_LIFECYCLE_CONFORMANCE_GENERATED_DIR: generated };
  const tsx = (script: string, ...args: string[]) => ['--import', 'tsx', path.join(repoRoot, script), ...args];
  const step = async (stage: Stage, args: string[], acceptExit1 = false): Promise<StageRun | undefined> => {
    const run = await runStage(args, env, path.join(scratch, `rss-${stage}-${Date.now()}.txt`));
    const prev = row.stages[stage];
    row.stages[stage] = prev ? { ...run, ms: prev.ms + run.ms, rssKb: Math.max(prev.rssKb, run.rssKb) } : run;
    if (run.ok || acceptExit1) return run;
    const lines = run.output.trim().split('\n');
    row.broken = `${stage}: ${plain(lines.slice(-3).join(' '))}`;
    return undefined;
  };
  try {
    const where = ['--specs-dir', specs, '--out-dir', generated];
    if (!(await step('pull', tsx('scripts/specs-pull.ts', vendor, path.resolve(file), ...where)))) return row;
    if (!(await step('generate', tsx('scripts/generate.ts', ...where)))) return row;
    const build = await buildVendor(specs, vendor, { types: false });
    row.repairs = build.repairs;
    row.operations = Object.values(build.doc.paths ?? {}).reduce<number>(
      (n, item) => n + HTTP_METHODS.filter((m) => item && typeof item === 'object' && m in item).length,
      0,
    );
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const types = path.join(generated, vendor, 'schema.d.ts');
    const strict = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'ES2022', '--module', 'NodeNext'];
    if (!(await step('typecheck', [tsc, ...strict, types]))) return row;
    const mock = await step('mock', tsx('scripts/corpus/mock-ready.ts', vendor));
    if (!mock) return row;
    row.mockReadyMs = (JSON.parse(mock.output.trim().split('\n').at(-1) ?? '{}') as { ms?: number }).ms;
    for (let i = 0; i < runs; i++) {
      const out = path.join(scratch, `conformance-${i}.json`);
      // Exit 1 is a run with failures: the report says whose.
      const run = await step(
        'conformance',
        tsx('conformance/run.ts', '--vendor', vendor, '--scope', 'all', '--reporter', 'json', '--out', out),
        true,
      );
      const report = await fs
        .readFile(out, 'utf8')
        .then((t) => JSON.parse(t) as RunReport)
        .catch(() => undefined);
      if (!report) {
        row.broken = `conformance: no report (${plain(run?.output.trim().split('\n').slice(-3).join(' ') ?? '')})`;
        return row;
      }
      row.reports.push(report);
    }
    return row;
  } finally {
    if (!keep) await fs.rm(scratch, { recursive: true, force: true });
    else console.error(`corpus: kept ${scratch}`);
  }
}

const secs = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(1));

function counts(report: RunReport): string {
  const b = report.totals.byOutcome;
  return `${b.passed}/${b.failed}/${b.vendor_spec_defect}/${b.mock_limitation}`;
}

/** Distinct vendor spec defect locations of a run, each with its reason. */
function vendorDefects(report: RunReport): Map<string, string> {
  const found = new Map<string, string>();
  for (const c of report.cases) {
    for (const check of c.checks) {
      if (check.owner !== 'vendor_spec') continue;
      for (const at of (check.location ?? c.specLocation ?? '').split(' ').filter(Boolean)) {
        // The examples check joins every broken example's reason with ` | `: each location gets its own.
        const pointer = at.slice(at.indexOf('#') + 1);
        const reasons = plain(check.reason ?? '').split(' | ');
        const own = reasons.find((r) => r.startsWith(`${pointer}:`)) ?? reasons[0] ?? '';
        if (!found.has(at)) found.set(at, own.slice(0, 200));
      }
    }
  }
  return found;
}

function renderRows(rows: Row[]): string[] {
  const head = [
    'spec',
    'operations',
    'repairs',
    'vendor defects',
    'cases passed',
    'failed: ours',
    'vendor',
    'mock',
    'runs',
    ...STAGES.map((s) => `${s} s`),
    'mock ready s',
    'peak RSS MB',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const last = r.reports.at(-1);
    const b = last?.totals.byOutcome;
    const same = r.reports.every((x) => counts(x) === counts(r.reports[0]!));
    const peak = Math.max(0, ...Object.values(r.stages).map((s) => s.rssKb));
    lines.push(
      `| ${[
        plain(r.file),
        r.operations ?? '–',
        r.repairs.length,
        last ? vendorDefects(last).size : '–',
        b?.passed ?? '–',
        b?.failed ?? '–',
        b?.vendor_spec_defect ?? '–',
        b?.mock_limitation ?? '–',
        r.reports.length === 0 ? '–' : same ? `${r.reports.length} same` : `DIFFER ${r.reports.map(counts).join(' ')}`,
        ...STAGES.map((s) => secs(r.stages[s]?.ms)),
        secs(r.mockReadyMs),
        Math.round(peak / 1024),
      ].join(' | ')} |`,
    );
  }
  return lines;
}

/** Each case whose outcome is not the same in every run: `<case id>: passed, mock_limitation, passed`. */
function outcomeChanges(reports: RunReport[]): string[] {
  const byCase = new Map<string, string[]>();
  for (const [i, report] of reports.entries()) {
    for (const c of report.cases) {
      const seen = byCase.get(c.id) ?? Array<string>(reports.length).fill('absent');
      seen[i] = c.outcome;
      byCase.set(c.id, seen);
    }
  }
  return [...byCase]
    .filter(([, outcomes]) => new Set(outcomes).size > 1)
    .map(([id, outcomes]) => `${id}: ${outcomes.join(', ')}`);
}

function details(r: Row): string[] {
  const lines: string[] = [];
  if (r.broken) lines.push(`${r.vendor}: stopped at ${r.broken}`);
  for (const rep of r.repairs) {
    lines.push(
      `${r.vendor}: repaired ${plain(r.file)}${rep.pointer}: ${REPAIR_RULES[rep.rule].defect} (was ${plain(rep.found)})`,
    );
  }
  const last = r.reports.at(-1);
  if (!last) return lines;
  for (const change of outcomeChanges(r.reports)) lines.push(`${r.vendor}: DIFFERS between runs: ${plain(change)}`);
  for (const [at, reason] of vendorDefects(last)) lines.push(`${r.vendor}: vendor spec defect at ${at}: ${reason}`);
  for (const c of last.cases.filter((x) => x.outcome === 'failed')) {
    const why = c.checks
      .filter((k) => k.outcome === 'failed' && !k.owner)
      .map((k) => `${k.name}: ${plain(k.reason ?? '')}`)
      .join('; ');
    lines.push(`${r.vendor}: FAILED (ours) ${plain(c.id)}: ${why.slice(0, 300)}`);
  }
  return lines;
}

/** The command: parses process.argv, prints, sets the exit code. */
export const main = (): Promise<void> =>
  runMain('corpus', async () => {
    let parsed;
    try {
      parsed = parseArgs({
        options: { runs: { type: 'string' }, keep: { type: 'boolean' } },
        allowPositionals: true,
      });
    } catch (err) {
      throw new PipelineError(undefined, (err as Error).message, usage);
    }
    const [dir, ...rest] = parsed.positionals;
    const runs = Number(parsed.values.runs ?? '1');
    if (!dir || rest.length > 0 || !Number.isInteger(runs) || runs < 1)
      throw new PipelineError(undefined, 'expected one folder of specs (and --runs ≥ 1)', usage);
    const names = await fs.readdir(dir).catch(() => {
      throw new PipelineError({ file: dir }, 'cannot read the folder', 'give a folder holding OpenAPI specs');
    });
    const files = names
      .filter((n) => /\.(json|ya?ml)$/i.test(n))
      .sort()
      .map((n) => path.join(dir, n));
    if (files.length === 0)
      throw new PipelineError({ file: dir }, 'no *.json, *.yaml or *.yml spec', 'give a folder holding OpenAPI specs');
    const rows: Row[] = [];
    for (const file of files) {
      console.error(`corpus: ${path.basename(file)}…`);
      rows.push(await sweepOne(file, runs, parsed.values.keep === true));
    }
    console.log(renderRows(rows).join('\n'));
    console.log(
      '(cases: passed, then failed by owner: ours, vendor spec defect, mock limitation; runs: conformance runs with the same counts)',
    );
    for (const r of rows) for (const l of details(r)) console.log(l);
    const bad = rows.filter(
      (r) =>
        r.broken !== undefined ||
        r.reports.some((x) => x.totals.byOutcome.failed > 0) ||
        !r.reports.every((x) => counts(x) === counts(r.reports[0]!)),
    );
    if (bad.length > 0) {
      console.error(
        `corpus: ${bad.map((r) => r.vendor).join(', ')}: a stage failed, a case of ours failed, or runs differ — see the lines above`,
      );
      return 1;
    }
    return 0;
  });

// Started as `tsx scripts/corpus.ts` (launch.mjs imports a built copy and calls main itself).
if (isEntry(import.meta.url)) await main();
