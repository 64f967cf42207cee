import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow to about 4× what survived the last full GC before it collects again.
 * A batch allocates a steady stream of short-lived garbage that survives minor GCs (undici keeps each
 * response reachable through a FinalizationRegistry until a full GC), so a 100,000-id run peaked at
 * ~205 MB RSS with ~12 MB live. A growth factor of 1.5 holds it near 130 MB for a few more full GCs
 * (bench/batch-memory.bench.ts). The flag is read at every full GC, so setting it at start-up is enough;
 * it exists in V8 11–13 (Node 20–24).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * V8 13 (Node 24) sizes the young generation from the machine's memory and doubles it whenever a
 * scavenge finds it busy: on a 24 GB machine a batch's steady allocation grew it until the same run
 * peaked at 260 MB. A growth factor of 1 keeps it at its start size (130 MB on Node 24; Node 20 and 22
 * barely grow it). `--max-semi-space-size` would do too, but V8 reads it only when the process starts;
 * this factor is read at each resize, so it takes effect from here. It exists in V8 11–13.
 */
export const SEMI_SPACE_GROWTH_FACTOR = 1;

/** The V8 settings the CLI process makes at start-up, each unless the user set it (node flags or NODE_OPTIONS). */
const SETTINGS = [
  { flag: /--heap[-_]growing[-_]percent/, value: `--heap-growing-percent=${HEAP_GROWING_PERCENT}` },
  { flag: /--semi[-_]space[-_]growth[-_]factor/, value: `--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}` },
];

/** Returns the flags it set. */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = setFlagsFromString,
): string[] {
  const set: string[] = [];
  for (const { flag, value } of SETTINGS) {
    if (execArgv.some((arg) => flag.test(arg)) || flag.test(nodeOptions)) continue;
    setFlags(value);
    set.push(value);
  }
  return set;
}
