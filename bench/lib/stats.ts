// Small timing helpers: medians of interleaved rounds, so drift (CPU boost, GC, other load) hits every
// variant alike and cancels out of the ratios.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type Variant = () => Promise<unknown>;

export interface InterleaveOptions {
  rounds: number;
  callsPerRound: number;
  warmupCalls: number;
}

/**
 * Runs each variant `callsPerRound` times per round, variants in a rotating order each round.
 * Returns the median (over rounds) of the mean per-call time in µs, per variant.
 */
export async function interleave(
  variants: Record<string, Variant>,
  opts: InterleaveOptions,
): Promise<Record<string, number>> {
  const samples = await interleaveSamples(variants, opts);
  return Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, median(s)]));
}

/**
 * The median over rounds of a/b measured in the same round: a burst of load slows both sides of a
 * pair, so this ratio is steadier than a ratio of separate medians.
 */
export function pairedRatio(samples: Record<string, number[]>, a: string, b: string): number {
  return median(samples[a]!.map((value, round) => value / samples[b]![round]!));
}

/** Per-round mean per-call times in µs, per variant (see `interleave`). */
export async function interleaveSamples(
  variants: Record<string, Variant>,
  opts: InterleaveOptions,
): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  for (const name of names) for (let i = 0; i < opts.warmupCalls; i++) await variants[name]!();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < opts.rounds; round++) {
    // Rotate who goes first so no variant always runs on a "cold" or "warm" slot.
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      const run = variants[name]!;
      const started = performance.now();
      for (let i = 0; i < opts.callsPerRound; i++) await run();
      samples[name]!.push(((performance.now() - started) * 1000) / opts.callsPerRound);
    }
  }
  return samples;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
