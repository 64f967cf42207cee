import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow to about 4× what survived the last full GC before it collects again.
 * A batch allocates a steady stream of short-lived garbage that survives minor GCs (undici keeps each
 * response reachable through a FinalizationRegistry until a full GC), so a 100,000-id run peaked at
 * ~205 MB RSS with ~12 MB live. A growth factor of 1.5 holds it near 130 MB for a few more full GCs
 * (bench/batch-memory.bench.ts). The flag is read at every full GC, so setting it at start-up is enough;
 * it exists in V8 11–13 (Node 20–24). A factor the user set (NODE_OPTIONS or node's flags) wins.
 */
export const HEAP_GROWING_PERCENT = 50;

/** Returns whether it set the factor. */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  const flag = /--heap[-_]growing[-_]percent/;
  if (execArgv.some((arg) => flag.test(arg)) || flag.test(nodeOptions)) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
