// Lints what generate would write (the built spec, in memory), not the raw sources: pages and
// overlay only make sense once merged, and the built file is what Prism and the client use.
import fs from 'node:fs/promises';
import path from 'node:path';
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
import type { VendorBuild } from '../pipeline/build.js';
import { hideDataRefs, walkRefs } from '../pipeline/data-refs.js';
import { display } from '../pipeline/paths.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import { REPAIR_RULES } from '../pipeline/repairs.js';

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
