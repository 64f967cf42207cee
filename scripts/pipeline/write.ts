// Compares planned outputs with generated/ and writes them all-or-nothing. generated/ is owned
// by the generator, but only files it could have written (<vendor>/openapi.yaml and
// <vendor>/schema.d.ts) are ever deleted, so a mistyped --out-dir cannot wipe anything else.
import fs from 'node:fs/promises';
import path from 'node:path';
import { display } from './paths.js';
import { PipelineError } from './pipeline-error.js';

export const OUTPUT_FILES = ['openapi.yaml', 'schema.d.ts'] as const;

/** Relative path ("smallest/openapi.yaml", always with /) -> content. */
export type Plan = Map<string, string>;

export interface PlanDiff {
  changed: string[]; // exists, different bytes
  missing: string[]; // planned, not on disk
  extra: string[]; // on disk, not planned
  unchanged: string[];
}

export async function diffPlan(outDir: string, plan: Plan): Promise<PlanDiff> {
  const diff: PlanDiff = { changed: [], missing: [], extra: [], unchanged: [] };
  for (const [rel, content] of plan) {
    const current = await readOrUndefined(path.join(outDir, rel));
    if (current === undefined) diff.missing.push(rel);
    else if (current.equals(Buffer.from(content, 'utf8'))) diff.unchanged.push(rel);
    else diff.changed.push(rel);
  }
  for (const rel of await existingOutputs(outDir)) if (!plan.has(rel)) diff.extra.push(rel);
  return diff;
}

/**
 * Writes changed and missing files (temp file + rename, so a reader never sees half a file)
 * and deletes extra ones. All temp files are written before any rename: if one write fails,
 * nothing in outDir has changed.
 */
export async function applyPlan(outDir: string, plan: Plan, diff: PlanDiff): Promise<void> {
  const toWrite = [...diff.changed, ...diff.missing];
  const temps: Array<[string, string]> = [];
  try {
    for (const rel of toWrite) {
      const dest = path.join(outDir, rel);
      await fs.mkdir(path.dirname(dest), { recursive: true });
      const tmp = `${dest}.${process.pid}.tmp`;
      await fs.writeFile(tmp, plan.get(rel)!, 'utf8');
      temps.push([tmp, dest]);
    }
  } catch (err) {
    await Promise.all(temps.map(([tmp]) => fs.rm(tmp, { force: true })));
    throw new PipelineError(
      { file: display(outDir) },
      `cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'check the directory is writable; generated/ was left as it was',
    );
  }
  for (const [tmp, dest] of temps) await fs.rename(tmp, dest);
  for (const rel of diff.extra) {
    await fs.rm(path.join(outDir, rel), { force: true });
    // Drop the vendor directory if that emptied it.
    await fs.rmdir(path.dirname(path.join(outDir, rel))).catch(() => {});
  }
}

async function existingOutputs(outDir: string): Promise<string[]> {
  const found: string[] = [];
  let dirs;
  try {
    dirs = await fs.readdir(outDir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const d of dirs) {
    if (!d.isDirectory()) continue;
    for (const f of OUTPUT_FILES) {
      if (await readOrUndefined(path.join(outDir, d.name, f))) found.push(`${d.name}/${f}`);
    }
  }
  return found.sort();
}

async function readOrUndefined(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch {
    return undefined;
  }
}
