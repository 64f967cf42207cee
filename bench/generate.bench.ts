// `npm run generate` time: one vendor (qoder) against raw openapi-typescript on the same spec, same run
// (goal ≤ 1.2×, start-up, bundling and drift included); every real spec; then one synthetic vendor
// with 1x, 10x, 100x and 1,000x the operations of the three together (test/fixtures/synthetic-spec.ts).
// Output goes to temp dirs, so generated/ is never touched. Growth should be linear: the per-operation
// cost should level off. --tiny: one pair, the real specs and 1x only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticSpecYaml } from '../test/fixtures/synthetic-spec.js';
import { median, round2 } from './lib/stats.js';
import { REPO_ROOT, timeNode } from './lib/subprocess.js';
import type { BenchOptions } from './run.js';

const REAL_OPERATIONS = 8; // smallest 2 + qoder 3 + ayra 3
const FACTORS = [1, 10, 100, 1000];

/** Runs generate as npm does; returns wall ms (start-up included) and the pipeline's own reported seconds. */
async function generate(specsDir: string | undefined, outDir: string, vendors: string[] = []) {
  const args = ['scripts/launch.mjs', 'generate', '--out-dir', outDir, ...(specsDir ? ['--specs-dir', specsDir] : [])];
  const run = await timeNode([...args, ...vendors.flatMap((v) => ['--vendor', v])]);
  if (run.code !== 0) throw new Error(`generate failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  const reported = /in ([\d.]+)s\s*$/m.exec(run.stdout)?.[1];
  return { wallMs: Math.round(run.wallMs), pipelineMs: reported ? Math.round(Number(reported) * 1000) : null };
}

/** `npm run generate -- --vendor qoder` into an empty dir vs openapi-typescript's CLI on the same spec, interleaved. */
async function oneVendor(work: string, pairs: number) {
  const spec = path.join(REPO_ROOT, 'generated', 'qoder', 'openapi.yaml');
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < pairs; i++) {
    ours.push((await generate(undefined, path.join(work, `one-${i}`), ['qoder'])).wallMs);
    const cli = await timeNode([
      'node_modules/openapi-typescript/bin/cli.js',
      spec,
      '--output',
      path.join(work, `raw-${i}.d.ts`),
    ]);
    if (cli.code !== 0) throw new Error(`openapi-typescript failed (${cli.code}):\n${cli.stderr.slice(-1500)}`);
    raw.push(Math.round(cli.wallMs));
  }
  const figures = {
    wallMs: median(ours),
    rawOpenapiTypescriptMs: median(raw),
    vsRaw: round2(median(ours) / median(raw)),
    method: `${pairs} interleaved pairs, median; ours into an empty --out-dir (cold output, drift included)`,
  };
  console.log(
    `generate one vendor (qoder): ${figures.wallMs} ms vs raw openapi-typescript ${figures.rawOpenapiTypescriptMs} ms = ${figures.vsRaw}x (goal <= 1.2)`,
  );
  return figures;
}

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  const work = mkdtempSync(path.join(tmpdir(), 'al-bench-generate-'));
  try {
    const one = await oneVendor(work, tiny ? 1 : 5);
    const real = await generate(undefined, path.join(work, 'real'));
    console.log(
      `generate (3 real specs, ${REAL_OPERATIONS} operations): ${real.wallMs} ms wall, ${real.pipelineMs} ms in the pipeline`,
    );
    const synthetic: Record<string, unknown>[] = [];
    const factors = tiny ? [1, 10] : FACTORS;
    for (const factor of factors) {
      const operations = REAL_OPERATIONS * factor;
      const specs = path.join(work, `x${factor}`, 'specs');
      mkdirSync(path.join(specs, 'synthetic'), { recursive: true });
      const yaml = syntheticSpecYaml({ operations });
      writeFileSync(path.join(specs, 'synthetic', 'openapi.yaml'), yaml);
      const timing = await generate(specs, path.join(work, `x${factor}`, 'out'));
      const lines = yaml.split('\n').length;
      const row = {
        factor,
        operations,
        specLines: lines,
        ...timing,
        msPerOperation: round2((timing.pipelineMs ?? timing.wallMs) / operations),
      };
      synthetic.push(row);
      console.log(
        `generate synthetic ${String(factor).padStart(4)}x: ${String(operations).padStart(5)} operations, ${lines} lines: ${timing.wallMs} ms wall, ${timing.pipelineMs} ms pipeline, ${row.msPerOperation} ms/op`,
      );
      rmSync(path.join(work, `x${factor}`), { recursive: true, force: true });
    }
    // Marginal cost between the two largest sizes: fixed start-up cost cancels out.
    const [a, b] = synthetic.slice(-2) as { operations: number; pipelineMs: number }[];
    const marginal = round2((b!.pipelineMs - a!.pipelineMs) / (b!.operations - a!.operations));
    const growth = round2(b!.pipelineMs / a!.pipelineMs);
    console.log(
      `  ${factors.at(-2)}x -> ${factors.at(-1)}x: time x${growth} for operations x10 (linear = 10), marginal ${marginal} ms/op`,
    );
    return { oneVendor: one, real, synthetic, marginalMsPerOperation: marginal, growthLastDecade: growth };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
