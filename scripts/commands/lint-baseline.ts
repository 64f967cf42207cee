// A vendor's published spec is the vendor's: its lint findings are vendor spec defects, reported
// but never a wall. specs/lint-baseline.json lists, per such vendor, the findings already known,
// so only new ones are news. Vendors absent from it are ours (hand-written specs, pages and
// overlays) and must stay at zero errors.
import fs from 'node:fs/promises';
import { display } from '../pipeline/paths.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import type { LintSummary } from './lint.js';

/** vendor -> known finding fingerprints (`<ruleId> <JSON pointer>`), sorted. */
export type Baseline = Record<string, string[]>;

export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as { vendors?: Baseline };
    return parsed.vendors ?? {};
  } catch (err) {
    throw new PipelineError(
      { file: display(file) },
      `not JSON: ${(err as Error).message}`,
      'rerun with --update-baseline <vendor>',
    );
  }
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  const vendors = Object.fromEntries(
    Object.keys(baseline)
      .sort()
      .map((v) => [v, [...new Set(baseline[v])].sort()]),
  );
  await fs.writeFile(file, `${JSON.stringify({ vendors }, null, 2)}\n`);
}

export interface VendorSpecReport {
  /** Lines of the findings not in the baseline. */
  news: string[];
  known: number;
  /** Baseline entries the spec no longer has (fixed by the vendor). */
  gone: number;
}

export function againstBaseline(summary: LintSummary, known: readonly string[]): VendorSpecReport {
  const knownSet = new Set(known);
  const news = summary.lines.filter((_, i) => !knownSet.has(summary.fingerprints[i]!));
  const present = new Set(summary.fingerprints);
  return {
    news,
    known: summary.fingerprints.filter((f) => knownSet.has(f)).length,
    gone: known.filter((f) => !present.has(f)).length,
  };
}
