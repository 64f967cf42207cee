// What a change to one file can break at type level: the files that import it, directly or through
// other files, among those tsconfig.json type-checks. `npm run update` checks these instead of the
// whole tree, so a vendor's new schema.d.ts costs its provider, entry and type tests, not the 2.5 MB
// fixture schema of another vendor.
import fs from 'node:fs/promises';
import path from 'node:path';

const SOURCE = /\.(?:d\.)?[cm]?tsx?$/;
// Relative specifiers of `import … from`, `export … from`, `import('…')` (types too) and bare `import '…'`.
const SPECIFIER = /\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"\n]+)['"]/g;

/**
 * Repo-relative (posix) paths of `changed` and of every file in tsconfig.json's `include` that
 * reaches it through relative imports; sorted. Never empty: `changed` is always in it.
 */
export async function reachOf(repoRoot: string, changed: string): Promise<string[]> {
  const files = await projectFiles(repoRoot);
  const importers = new Map<string, Set<string>>();
  await Promise.all(
    files.map(async (file) => {
      const text = await fs.readFile(path.join(repoRoot, file), 'utf8').catch(() => '');
      for (const m of text.matchAll(SPECIFIER)) {
        for (const target of candidates(path.posix.join(path.posix.dirname(file), m[1]!))) {
          const set = importers.get(target) ?? new Set<string>();
          importers.set(target, set);
          set.add(file);
        }
      }
    }),
  );
  const seen = new Set([changed]);
  const queue = [changed];
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (!seen.has(importer)) {
        seen.add(importer);
        queue.push(importer);
      }
    }
  }
  return [...seen].sort();
}

/** The files a specifier may name: `./x.js` is x.ts or x.d.ts under NodeNext, `./x` may be x/index.ts. */
function candidates(spec: string): string[] {
  const base = spec.replace(/\.[cm]?[jt]sx?$/, '');
  return [`${base}.ts`, `${base}.tsx`, `${base}.d.ts`, `${base}.mts`, `${base}.cts`, `${base}/index.ts`];
}

async function projectFiles(repoRoot: string): Promise<string[]> {
  const config = JSON.parse(await fs.readFile(path.join(repoRoot, 'tsconfig.json'), 'utf8')) as { include?: string[] };
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(repoRoot, rel), { withFileTypes: true }).catch(() => undefined);
    if (!entries) {
      if (SOURCE.test(rel)) out.push(rel);
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) await walk(child);
      else if (SOURCE.test(e.name)) out.push(child);
    }
  };
  for (const entry of config.include ?? []) await walk(entry);
  return out;
}
