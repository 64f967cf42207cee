// npm run lint:specs [-- --specs-dir <dir>] [--out-dir <dir>] [--config <redocly.yaml>]
//                     [--baseline <file>] [--update-baseline <vendor>]... [--verbose]
// (--out-dir only names the files in messages: nothing is written.)
// Lints every vendor's built spec with Redocly (redocly.yaml: extends [recommended]). Our specs must
// have zero errors; a vendor's published spec (a vendor in the baseline file) has its findings
// reported as vendor spec defects, new ones listed, and never fails the run.
//
// Lints what generate would write (the built spec, in memory), not the raw sources: pages and
// overlay only make sense once merged, and the built file is what Prism and the client use.
// A vendor's published spec is the vendor's: its lint findings are vendor spec defects, reported
// but never a wall. specs/lint-baseline.json lists, per such vendor, the findings already known,
// so only new ones are news. Vendors absent from it are ours (hand-written specs, pages and
// overlays) and must stay at zero errors.

import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BaseResolver,
  type Config,
  createConfig,
  getLineColLocation,
  lintDocument,
  loadConfig,
  makeDocumentFromString,
  ResolveError,
  type Source,
} from '@redocly/openapi-core';
import { buildAll, type VendorBuild } from './pipeline/build.js';
import { hideDataRefs, walkRefs } from './pipeline/data-refs.js';
import { defaultOutDir, defaultSpecsDir, display, repoRoot } from './pipeline/paths.js';
import { isEntry, PipelineError, runMain } from './pipeline/pipeline-error.js';
import { REPAIR_RULES } from './pipeline/repairs.js';

export interface LintSummary {
  vendor: string;
  errors: number;
  warnings: number;
  lines: string[];
  /** One per line, stable across line moves: `<ruleId> <JSON pointer>` (what a baseline holds). */
  fingerprints: string[];
  /** One per line: its severity and rule. */
  problems: { severity: 'error' | 'warning'; ruleId: string }[];
  /** Not findings: what lint:specs did with the spec (data `$ref`s it did not follow). */
  notes?: string[];
}

/** Above this many warnings, a spec's warnings are printed as counts per rule (unless asked for each). */
export const LISTED_WARNINGS_AT_MOST = 10;

/**
 * What to print for one spec: every error, and each warning, or (past LISTED_WARNINGS_AT_MOST, unless
 * `verbose`) one line counting the warnings per rule: a 3 MB spec has hundreds of the same warning.
 */
export function summaryLines(summary: LintSummary, verbose: boolean): string[] {
  if (verbose || summary.warnings <= LISTED_WARNINGS_AT_MOST) return [...(summary.notes ?? []), ...summary.lines];
  const counts = new Map<string, number>();
  for (const p of summary.problems) if (p.severity === 'warning') counts.set(p.ruleId, (counts.get(p.ruleId) ?? 0) + 1);
  const byRule = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return [
    ...(summary.notes ?? []),
    ...summary.lines.filter((_, i) => summary.problems[i]!.severity === 'error'),
    `  warnings by rule: ${byRule} (--verbose lists each)`,
  ];
}

export async function lintConfig(configPath: string): Promise<Config> {
  try {
    await fs.access(configPath);
  } catch {
    // No redocly.yaml: the recommended ruleset is what the project promises anyway.
    return createConfig({ extends: ['recommended'] });
  }
  try {
    return await loadConfig({ configPath });
  } catch (err) {
    throw new PipelineError(
      { file: display(configPath) },
      `cannot load Redocly config: ${(err as Error).message}`,
      'fix redocly.yaml (e.g. extends: [recommended])',
    );
  }
}

/** Lints without ever reading a file or a URL a spec names. */
class NoExternalRefs extends BaseResolver {
  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    throw new ResolveError(new Error(`not read: ${absoluteRef} (lint:specs reads no external reference)`));
  }
}

export async function lintBuild(build: VendorBuild, outDir: string, config: Config): Promise<LintSummary> {
  // Named as the generated file so reported lines match generated/<vendor>/openapi.yaml.
  const file = path.join(outDir, build.vendor, 'openapi.yaml');
  const document = makeDocumentFromString(build.spec, file);
  // The built spec is bundled: a `$ref` left outside #/ is data (an example, an x- extension), and
  // Redocly would otherwise follow it to a file or a URL. Hidden from the linter, listed instead.
  const dataRefs: string[] = [];
  walkRefs(document.parsed, (site) => {
    if (site.inData) dataRefs.push(site.pointer);
  });
  hideDataRefs(document.parsed);
  const problems = await lintDocument({
    document,
    config: config.styleguide,
    externalRefResolver: new NoExternalRefs(config.resolve),
  });
  const lines: string[] = [];
  const notes: string[] = [];
  if (dataRefs.length > 0) {
    const shown = dataRefs.slice(0, 5).join(', ');
    notes.push(
      `  note: ${dataRefs.length} $ref-shaped value${dataRefs.length === 1 ? '' : 's'} in examples, x- extensions or descriptions (${shown}${dataRefs.length > 5 ? ', …' : ''}): data, never resolved; the mock document drops them`,
    );
  }
  const fingerprints: string[] = [];
  const found: LintSummary['problems'] = [];
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else if (p.severity === 'warn') warnings++;
    else continue;
    const loc = p.location[0];
    let where = display(file);
    if (loc) {
      const lc = getLineColLocation(loc);
      where += `:${lc.start.line}:${lc.start.col}`;
    }
    lines.push(
      `  ${where}: ${p.severity === 'error' ? 'error' : 'warning'} ${p.ruleId}: ${p.message.replace(/\s*\n\s*/g, ' ')}`,
    );
    fingerprints.push(`${p.ruleId} ${loc?.pointer ?? '#/'}`);
    found.push({ severity: p.severity === 'error' ? 'error' : 'warning', ruleId: p.ruleId });
  }
  // The defects generate repaired are not in the built (repaired) spec any more: listed here, at
  // their pointers in the vendor's own file, so the baseline tracks them like any other finding.
  for (const r of build.repairs ?? []) {
    const rule = REPAIR_RULES[r.rule];
    const ruleId = `repaired/${r.rule}`;
    warnings++;
    lines.push(
      `  ${build.specFile}${r.pointer}: warning ${ruleId}: ${rule.defect} (was ${r.found}); read as ${rule.reading}`,
    );
    fingerprints.push(`${ruleId} ${r.pointer}`);
    found.push({ severity: 'warning', ruleId });
  }
  return { vendor: build.vendor, errors, warnings, lines, fingerprints, problems: found, notes };
}

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

const usage =
  'usage: npm run lint:specs -- [--specs-dir <dir>] [--out-dir <dir>] [--config <redocly.yaml>] [--baseline <file>] [--update-baseline <vendor>]... [--verbose]';

/** The command: parses process.argv, prints, sets the exit code. */
export const main = (): Promise<void> =>
  runMain('lint:specs', async () => {
    let values;
    try {
      ({ values } = parseArgs({
        options: {
          'specs-dir': { type: 'string' },
          'out-dir': { type: 'string' },
          config: { type: 'string' },
          baseline: { type: 'string' },
          'update-baseline': { type: 'string', multiple: true },
          verbose: { type: 'boolean' },
        },
      }));
    } catch (err) {
      throw new PipelineError(undefined, (err as Error).message, usage);
    }
    const specsDir = path.resolve(values['specs-dir'] ?? defaultSpecsDir);
    const baselineFile = path.resolve(values.baseline ?? path.join(specsDir, 'lint-baseline.json'));
    const config = await lintConfig(path.resolve(values.config ?? path.join(repoRoot, 'redocly.yaml')));
    const builds = await buildAll(specsDir, { types: false });
    const baseline = await readBaseline(baselineFile);
    const updates = new Set(values['update-baseline'] ?? []);
    for (const v of updates) {
      if (!builds.some((b) => b.vendor === v)) throw new PipelineError(undefined, `unknown vendor '${v}'`, usage);
    }
    let failed = 0;
    for (const build of builds) {
      const s = await lintBuild(build, path.resolve(values['out-dir'] ?? defaultOutDir), config);
      const count = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
      if (updates.has(build.vendor)) baseline[build.vendor] = s.fingerprints;
      const known = baseline[build.vendor];
      if (known === undefined) {
        console.log(`${s.vendor}: ${count}`);
        for (const l of summaryLines(s, values.verbose === true)) console.log(l);
        if (s.errors) failed++;
        continue;
      }
      const r = againstBaseline(s, known);
      console.log(
        `${s.vendor}: vendor spec defects (published spec, not a failure): ${count}; ${r.known} known, ${r.news.length} new${r.gone ? `, ${r.gone} fixed by the vendor` : ''}`,
      );
      for (const l of s.notes ?? []) console.log(l);
      for (const l of r.news) console.log(`${l}  NEW`);
    }
    if (updates.size > 0) {
      await writeBaseline(baselineFile, baseline);
      console.log(`lint:specs: wrote ${display(baselineFile)} (${[...updates].join(', ')})`);
    }
    if (failed) {
      console.error(
        `lint:specs: ${failed} vendor spec${failed === 1 ? '' : 's'} with errors — fix them in specs/ (overlay.yaml for page-based vendors) and rerun; for a vendor's own published spec, record its findings with --update-baseline <vendor>`,
      );
      return 1;
    }
    return 0;
  });

// Started as `tsx scripts/lint-specs.ts` (launch.mjs imports a built copy and calls main itself).
if (isEntry(import.meta.url)) await main();
