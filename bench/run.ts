// `npm run bench`: runs every bench/*.bench.ts (alphabetical order), each in a fresh process of its own
// so that one benchmark's sockets, timers and heap do not skew the next one's ratios; prints the machine
// first and writes every figure to bench/results.json. Figures, not pass/fail.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo } from './lib/machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Child mode: `run.ts --one <file> <out.json>` runs one benchmark and writes its figures. */
if (process.argv[2] === '--one') {
  const [file, out] = process.argv.slice(3) as [string, string];
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { run(): Promise<Record<string, unknown>> };
  writeFileSync(out, JSON.stringify(await mod.run()));
  process.exit(0);
}

function runOne(file: string): Promise<Record<string, unknown>> {
  const out = path.join(tmpdir(), `agent-lifecycle-bench-${process.pid}-${file}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', file, out], {
      stdio: 'inherit',
    });
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

const machine = machineInfo();
console.log(
  `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}`,
);

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const results: Record<string, unknown> = {};
let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name} ==`);
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

const out = path.join(here, 'results.json');
writeFileSync(
  out,
  `${JSON.stringify({ command: 'npm run bench', date: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
process.exitCode = failed ? 1 : 0;
