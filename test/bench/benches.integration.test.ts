// Every bench runs once at --tiny size (bench/run.ts), so that a bench broken by a change fails here
// instead of on the next `npm run bench`. The figures are not judged (tiny sizes mean nothing, and
// timing is not for tests): only that each bench ran to the end and produced its headline figures.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { figureAt, HEADLINES } from '../../bench/goals.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BENCHES = readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();

function tinyRun(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--tiny', '--only', name], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', BENCH_NODES: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run bench -- --tiny', () => {
  it('finds the benches and has a goal table that names only them', () => {
    expect(BENCHES.length).toBeGreaterThanOrEqual(10);
    for (const h of HEADLINES) expect(BENCHES, h.label).toContain(h.bench);
  });

  for (const name of BENCHES) {
    it(`${name} runs to the end and reports its headline figures`, { timeout: 300_000 }, async () => {
      const { code, output } = await tinyRun(name);
      const line = /^TINY (.*)$/m.exec(output)?.[1];
      expect(line, output.slice(-3000)).toBeDefined();
      const figures = (JSON.parse(line!) as Record<string, Record<string, unknown>>)[name];
      expect(figures?.error, output.slice(-3000)).toBeUndefined();
      expect(code, output.slice(-3000)).toBe(0);
      for (const h of HEADLINES.filter((x) => x.bench === name && !x.fullOnly)) {
        expect(figureAt(figures, h.figure), `${name}: ${h.figure}`).toEqual(expect.any(Number));
      }
    });
  }
});
