// `npm run update -- <vendor>` wall time per vendor (pull skipped: no source, so nothing changes and
// every run is green), on a copy of the repository so the real specs/ and generated/ are never
// touched. Cold = no incremental type-check cache (.tmp/); warm = the second run, as when iterating.
// The goal is 15 s cold for one vendor on 2 cores (issue 23). --tiny: qoder, cold only.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, timeNode } from './lib/subprocess.js';
import type { BenchOptions } from './run.js';

const VENDORS = ['qoder', 'ayra', 'smallest'];
const SKIPPED = /^(node_modules|\.git|\.tmp|dist|reports|coverage)$/;

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  const copy = mkdtempSync(path.join(tmpdir(), 'al-bench-update-'));
  try {
    cpSync(REPO_ROOT, copy, {
      recursive: true,
      filter: (src) => !SKIPPED.test(path.relative(REPO_ROOT, src).split(path.sep)[0] ?? ''),
    });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const once = async (vendor: string): Promise<number> => {
      const result = await timeNode([path.join(copy, 'scripts', 'launch.mjs'), 'update', vendor], {}, copy);
      if (result.code !== 0) throw new Error(`update ${vendor} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
      return Math.round(result.wallMs);
    };
    const figures: Record<string, { coldMs: number; warmMs?: number }> = {};
    for (const vendor of tiny ? ['qoder'] : VENDORS) {
      rmSync(path.join(copy, '.tmp'), { recursive: true, force: true });
      const coldMs = await once(vendor);
      const warmMs = tiny ? undefined : await once(vendor);
      figures[vendor] = warmMs === undefined ? { coldMs } : { coldMs, warmMs };
      console.log(`update ${vendor}: ${coldMs} ms cold, ${warmMs ?? '–'} ms warm (goal 15000 ms cold)`);
    }
    return { vendors: figures, goalColdMs: 15_000 };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
