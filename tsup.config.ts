import { readdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';

// Library: one entry per vendor so `agent-lifecycle/<vendor>` bundles only that vendor, and batches as
// `agent-lifecycle/bulk` so that a single-call bundle does not carry them. Splitting puts
// the shared façade and error classes in common chunks, so `instanceof` holds across entries in ESM and
// CJS alike. The CLI is a separate ESM-only build: no library entry imports it.
// One subpath entry per provider file (src/providers/<vendor>.ts, the registry's members; a test
// checks that the two agree), so a new vendor needs no line here.
const vendorEntries = Object.fromEntries(
  readdirSync('src/providers')
    .filter((f) => f.endsWith('.ts') && f !== 'registry.ts')
    .map((f) => f.slice(0, -'.ts'.length))
    .map((vendor) => [vendor, `src/${vendor}-client.ts`]),
);
const shared: Options = { sourcemap: true, target: 'node20', platform: 'neutral', outDir: 'dist' };

/** tsup's CJS pass writes the absolute path of its intermediate file into `sources`; ship relative ones. */
async function relativeSourceMaps(cli: boolean): Promise<void> {
  for (const name of await readdir('dist')) {
    if (!name.endsWith('.map') || name.startsWith('cli.') !== cli) continue;
    const file = path.join('dist', name);
    const map = JSON.parse(await readFile(file, 'utf8')) as { sources?: string[]; file?: string };
    const relative = (p: string) => (path.isAbsolute(p) ? path.relative('dist', p) : p);
    map.sources = (map.sources ?? []).map(relative);
    if (map.file) map.file = relative(map.file);
    await writeFile(file, JSON.stringify(map));
  }
}

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', bulk: 'src/bulk.ts', ...vendorEntries },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    external: ['openapi-fetch'],
    onSuccess: () => relativeSourceMaps(false),
  },
  {
    ...shared,
    // The `agent-lifecycle` bin; src/cli/main.ts carries its own hashbang, which esbuild keeps.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    external: ['openapi-fetch', 'commander', 'cli-progress'],
    onSuccess: () => relativeSourceMaps(true),
  },
]);
