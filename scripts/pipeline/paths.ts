// Paths as shown to people: relative to the working directory when inside it, so messages read
// `specs/smallest/overlay.yaml:12`, absolute otherwise (temp dirs in tests).
import path from 'node:path';

export function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}

/** Repo root = the parent of scripts/. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const defaultSpecsDir = path.join(repoRoot, 'specs');
export const defaultOutDir = path.join(repoRoot, 'generated');
