// `npm run generate` time: the three real specs, then one synthetic vendor with 1x, 10x, 100x and 1,000x
// the operations of the three together (test/fixtures/synthetic-spec.ts). Output goes to temp dirs, so
// generated/ is never touched. Growth should be linear: the per-operation cost should level off.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticSpecYaml } from '../test/fixtures/synthetic-spec.js';
import { round2 } from './lib/stats.js';
import { timeTsx } from './lib/subprocess.js';

const REAL_OPERATIONS = 8; // smallest 2 + qoder 3 + ayra 3
const FACTORS = [1, 10, 100, 1000];

/** Runs generate; returns wall ms (with tsx start-up) and the pipeline's own reported seconds. */
async function generate(specsDir: string | undefined, outDir: string) {
  const args = ['scripts/generate.ts', '--out-dir', outDir, ...(specsDir ? ['--specs-dir', specsDir] : [])];
  const run = await timeTsx(args);
  if (run.code !== 0) throw new Error(`generate failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  const reported = /in ([\d.]+)s\s*$/m.exec(run.stdout)?.[1];
  return { wallMs: Math.round(run.wallMs), pipelineMs: reported ? Math.round(Number(reported) * 1000) : null };
}

export async function run(): Promise<Record<string, unknown>> {
  const work = mkdtempSync(path.join(tmpdir(), 'al-bench-generate-'));
  try {
    const real = await generate(undefined, path.join(work, 'real'));
    console.log(
      `generate (3 real specs, ${REAL_OPERATIONS} operations): ${real.wallMs} ms wall, ${real.pipelineMs} ms in the pipeline`,
    );
    const synthetic: Record<string, unknown>[] = [];
    for (const factor of FACTORS) {
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
      `  ${FACTORS.at(-2)}x -> ${FACTORS.at(-1)}x: time x${growth} for operations x10 (linear = 10), marginal ${marginal} ms/op`,
    );
    return { real, synthetic, marginalMsPerOperation: marginal, growthLastDecade: growth };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
