// `npm run bench`: runs every bench/*.bench.ts (alphabetical order), each in a fresh process of its own
// so that one benchmark's sockets, timers and heap do not skew the next one's ratios; prints the machine
// first, and last each headline figure against its goal and the previous committed result
// (bench/goals.ts); writes every figure to bench/results.json. Figures, not pass/fail.
//   npm run bench -- [--only <name>]... [--tiny]
// --tiny runs each bench once at a tiny size (test/bench/benches.integration.test.ts does, so that a bench cannot
// break silently); its figures mean nothing and results.json is left alone.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { headlineLines } from './goals.js';
import { machineInfo } from './lib/machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchOptions {
  /** Smallest sizes that still run every code path of the bench: for the test, not for figures. */
  tiny: boolean;
}

/** Child mode: `run.ts --one <file> <out.json> [--tiny]` runs one benchmark and writes its figures. */
if (process.argv[2] === '--one') {
  const [file, out, tiny] = process.argv.slice(3) as [string, string, string | undefined];
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
    run(opts: BenchOptions): Promise<Record<string, unknown>>;
  };
  writeFileSync(out, JSON.stringify(await mod.run({ tiny: tiny === '--tiny' })));
  process.exit(0);
}

const { values } = parseArgs({
  options: { only: { type: 'string', multiple: true }, tiny: { type: 'boolean', default: false } },
});

function runOne(file: string): Promise<Record<string, unknown>> {
  const out = path.join(tmpdir(), `agent-lifecycle-bench-${process.pid}-${file}.json`);
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', file, out];
    const child = spawn(process.execPath, values.tiny ? [...args, '--tiny'] : args, { stdio: 'inherit' });
    child.on('exit', (code) => {
      try {
        resolve(code === 0 ? JSON.parse(readFileSync(out, 'utf8')) : { error: `exited with code ${code}` });
      } catch (err) {
        resolve({ error: (err as Error).message });
      } finally {
        rmSync(out, { force: true });
      }
    });
  });
}

/** The figures of the last committed run (HEAD's bench/results.json), else the file as it is. */
function previousResults(): Record<string, unknown> | undefined {
  const read = (): string => {
    try {
      return execFileSync('git', ['show', 'HEAD:bench/results.json'], {
        cwd: here,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).toString();
    } catch {
      return readFileSync(path.join(here, 'results.json'), 'utf8');
    }
  };
  try {
    return (JSON.parse(read()) as { results?: Record<string, unknown> }).results;
  } catch {
    return undefined;
  }
}

const machine = machineInfo();
console.log(
  `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}`,
);

const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const files = values.only ? all.filter((f) => values.only!.includes(f.replace(/\.bench\.ts$/, ''))) : all;
const unknown = values.only?.filter((name) => !all.includes(`${name}.bench.ts`)) ?? [];
if (unknown.length > 0) {
  console.error(
    `bench: no bench/${unknown[0]}.bench.ts — known: ${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}`,
  );
  process.exit(2);
}
const previous = previousResults();
const results: Record<string, unknown> = {};
let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name}${values.tiny ? ' (tiny)' : ''} ==`);
  const started = performance.now();
  // One broken benchmark must not lose the others' figures.
  const figures = await runOne(file);
  results[name] = figures;
  if (typeof figures.error === 'string') {
    failed++;
    console.error(`bench ${name} failed: ${figures.error}`);
  }
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

console.log(`\n${headlineLines(results, previous, { tiny: values.tiny }).join('\n')}`);
if (values.tiny) {
  // For the test: every bench's figures, results.json untouched.
  console.log(`TINY ${JSON.stringify(results)}`);
} else {
  const merged = values.only ? { ...previous, ...results } : results;
  const out = path.join(here, 'results.json');
  writeFileSync(
    out,
    `${JSON.stringify({ command: 'npm run bench', date: new Date().toISOString(), machine, results: merged }, null, 2)}\n`,
  );
  console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
}
process.exitCode = failed ? 1 : 0;
