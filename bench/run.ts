// `npm run bench`: runs every bench/*.bench.ts (alphabetical order) in this one process, prints the
// machine first, and writes every figure to bench/results.json. Figures, not pass/fail.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo } from './lib/machine.js';

interface BenchModule {
  run(): Promise<Record<string, unknown>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const machine = machineInfo();
console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}`);

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const results: Record<string, unknown> = {};
let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name} ==`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as BenchModule;
    results[name] = await mod.run();
  } catch (err) {
    // One broken benchmark must not lose the others' figures.
    failed++;
    results[name] = { error: (err as Error).message };
    console.error(`bench ${name} failed: ${(err as Error).message}`);
  }
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const out = path.join(here, 'results.json');
writeFileSync(out, `${JSON.stringify({ command: 'npm run bench', date: new Date().toISOString(), machine, results }, null, 2)}\n`);
console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
process.exitCode = failed ? 1 : 0;
