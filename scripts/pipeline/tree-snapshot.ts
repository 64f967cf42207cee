// A byte-and-mtime snapshot of whole directories, held in memory (specs/ and generated/ are a few
// hundred kB), and a restore that puts back exactly what changed since: files rewritten or removed
// get their bytes, mode and timestamps back, files and folders added are removed, untouched files are
// not written at all (their mtimes stay to the nanosecond).
import fs from 'node:fs/promises';
import path from 'node:path';

interface SavedFile {
  bytes: Buffer;
  mode: number;
  atimeMs: number;
  mtimeMs: number;
}

export interface TreeSnapshot {
  /** Puts every snapshotted directory back; returns the paths it wrote or removed. */
  restore(): Promise<string[]>;
}

export async function snapshotTree(dirs: string[]): Promise<TreeSnapshot> {
  const files = new Map<string, SavedFile>();
  const folders = new Set<string>();
  for (const dir of dirs) {
    for (const entry of await walk(dir)) {
      if (entry.isDir) {
        folders.add(entry.path);
        continue;
      }
      const [bytes, st] = await Promise.all([fs.readFile(entry.path), fs.stat(entry.path)]);
      files.set(entry.path, { bytes, mode: st.mode, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs });
    }
  }
  return {
    async restore() {
      const touched: string[] = [];
      for (const dir of dirs) {
        // Deepest first, so a folder added since is emptied before it is removed.
        for (const entry of (await walk(dir)).reverse()) {
          if (entry.isDir ? folders.has(entry.path) : files.has(entry.path)) continue;
          await fs.rm(entry.path, { recursive: true, force: true });
          touched.push(entry.path);
        }
      }
      for (const [file, saved] of files) {
        const current = await fs.readFile(file).catch(() => undefined);
        if (current?.equals(saved.bytes)) {
          const st = await fs.stat(file);
          if (st.mtimeMs === saved.mtimeMs && st.mode === saved.mode) continue;
        } else {
          await fs.mkdir(path.dirname(file), { recursive: true });
          await fs.writeFile(file, saved.bytes);
        }
        await fs.chmod(file, saved.mode);
        // Seconds as a float: the finest utimes takes from JavaScript (about a microsecond).
        await fs.utimes(file, saved.atimeMs / 1000, saved.mtimeMs / 1000);
        touched.push(file);
      }
      return touched;
    },
  };
}

/** Every entry under dir (parents before children); none when dir does not exist. */
async function walk(dir: string): Promise<Array<{ path: string; isDir: boolean }>> {
  const out: Array<{ path: string; isDir: boolean }> = [];
  const visit = async (d: string): Promise<void> => {
    const entries = await fs.readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      out.push({ path: p, isDir: e.isDirectory() });
      if (e.isDirectory()) await visit(p);
    }
  };
  await visit(dir);
  return out;
}
