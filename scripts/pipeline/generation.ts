// One generation pass (or check): build everything in memory, compare with the output dir,
// then write (or report). Returns the lines to print so watch mode and tests share it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { printable } from '../../src/core/printable.js';
import { buildAll, type VendorBuild } from './build.js';
import { diffSpecs, formatDrift } from './drift.js';
import { display } from './paths.js';
import { applyWiring, diffWiring, type WiringDiff, wiringPlan } from './wiring.js';
import { applyPlan, diffPlan, type Plan } from './write.js';
import { parseYaml } from './yaml.js';

export interface GenerateOptions {
  specsDir: string;
  outDir: string;
  check?: boolean;
  /**
   * A source tree whose wiring (registry, subpath entries, package.json exports) is derived from its
   * src/providers/*.ts as well; the CLI passes the repo's own tree. Without it only outDir is touched.
   */
  root?: string;
  /**
   * Only these vendors: their specs are built and only their generated/<vendor>/ is compared and
   * written; the other vendors' output is left alone. Default: every vendor under specsDir.
   */
  vendors?: readonly string[];
}

export interface GenerateResult {
  ok: boolean;
  lines: string[];
}

export function planFor(builds: VendorBuild[]): Plan {
  const plan: Plan = new Map();
  for (const b of builds) {
    plan.set(`${b.vendor}/openapi.yaml`, b.spec);
    plan.set(`${b.vendor}/schema.d.ts`, b.types);
  }
  return plan;
}

/** Throws PipelineError on a broken input; the caller prints it. */
export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const builds = await buildAll(opts.specsDir, opts.vendors ? { vendors: opts.vendors } : {});
  const plan = planFor(builds);
  const diff = await diffPlan(opts.outDir, plan);
  // A one-vendor pass owns that vendor's output only: another vendor's files are not "extra".
  if (opts.vendors) diff.extra = diff.extra.filter((r) => opts.vendors!.some((v) => r.startsWith(`${v}/`)));
  const shown = (rel: string): string => display(path.join(opts.outDir, rel));
  const wiring = opts.root === undefined ? undefined : await wiringPlan(opts.root);
  const wiringDiff = wiring && opts.root !== undefined ? await diffWiring(opts.root, wiring) : undefined;
  const wiringChanged = wiringDiff ? wiringFiles(wiringDiff) : [];

  if (opts.check) {
    const wiringLines =
      wiringChanged.length === 0
        ? []
        : [
            `generate: ${wiringChanged.join(', ')} not derived from src/providers/*.ts — run \`npm run generate\` and commit the result`,
          ];
    const lines = [
      ...diff.changed.map((r) => `generate: ${shown(r)} is stale`),
      ...diff.missing.map((r) => `generate: ${shown(r)} is missing`),
      ...diff.extra.map((r) => `generate: ${shown(r)} is extra (no matching specs/ vendor)`),
    ];
    if (lines.length === 0 && wiringLines.length === 0)
      return { ok: true, lines: [`generate: ${display(opts.outDir)}/ is up to date (${plan.size} files)`] };
    const specLines =
      lines.length === 0
        ? []
        : [
            ...lines,
            `generate: ${display(opts.outDir)}/ does not match specs/ — run \`npm run generate\` and commit the result`,
          ];
    return { ok: false, lines: [...specLines, ...wiringLines] };
  }

  const lines: string[] = [];
  const touched = new Set([...diff.changed, ...diff.missing]);
  for (const b of builds) {
    // Notes and drift quote the vendor's text (operationIds, summaries): escaped before any terminal.
    for (const n of b.notes) lines.push(`${b.vendor}: note: ${printable(n)}`);
    const mine = [...touched].filter((r) => r.startsWith(`${b.vendor}/`));
    if (mine.length === 0) {
      lines.push(`${b.vendor}: unchanged`);
      continue;
    }
    const drift = formatDrift(b.vendor, diffSpecs(await previousSpec(opts.outDir, b.vendor), b.doc));
    const files = mine.map((r) => path.posix.basename(r)).join(', ');
    drift[0] += ` (wrote ${files})`;
    lines.push(...drift.map(printable));
  }
  for (const r of diff.extra) lines.push(`generate: removed ${shown(r)} (no matching specs/ vendor)`);
  // Computed everything above without writing; only now touch the output directory.
  await applyPlan(opts.outDir, plan, diff);
  if (wiring && wiringDiff && opts.root !== undefined && wiringChanged.length > 0) {
    await applyWiring(opts.root, wiring, wiringDiff);
    lines.push(`generate: wrote ${wiringChanged.join(', ')} (from src/providers/*.ts)`);
  }
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  lines.push(
    `generate: ${touched.size} written, ${diff.unchanged.length} unchanged, ${diff.extra.length} removed in ${secs}s`,
  );
  return { ok: true, lines };
}

function wiringFiles(diff: WiringDiff): string[] {
  return [...diff.stale, ...diff.missing, ...diff.extra.map((f) => `${f} (no provider)`)];
}

async function previousSpec(outDir: string, vendor: string): Promise<unknown> {
  const file = path.join(outDir, vendor, 'openapi.yaml');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseYaml(text, display(file));
  } catch {
    // A hand-mangled previous output should not block regeneration; it just has no baseline.
    return undefined;
  }
}
