// Minified + gzipped size of each vendor entry as an app would ship it: bundled with openapi-fetch,
// for a neutral (any runtime) and a browser target. Target: <= 6 KB per vendor entry (issue 23); batches
// are `agent-lifecycle/bulk`, measured alone for reference.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Platform } from 'esbuild';
import { REPO_ROOT } from './lib/subprocess.js';
import type { BenchOptions } from './run.js';

const ENTRIES = {
  smallest: 'src/smallest-client.ts',
  qoder: 'src/qoder-client.ts',
  ayra: 'src/ayra-client.ts',
  all: 'src/index.ts',
  bulk: 'src/bulk.ts',
} as const;
const TARGET_BYTES = 6 * 1024;
const REFERENCE = new Set(['all', 'bulk']);

async function sizes(entry: string, platform: Platform) {
  const out = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform,
    // `neutral` has no default main fields; openapi-fetch resolves through its `exports` map either way.
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    metafile: true,
  });
  const code = out.outputFiles[0]!.contents;
  // Minified bytes each source contributes: where a size target would have to be won.
  const inputs = Object.values(out.metafile.outputs)[0]?.inputs ?? {};
  const largest = Object.entries(inputs)
    .map(([file, info]) => ({ file, minBytes: info.bytesInOutput }))
    .sort((a, b) => b.minBytes - a.minBytes)
    .slice(0, 6);
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, largest };
}

// Already quick: the same at --tiny.
export async function run(_opts: BenchOptions): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const neutral = await sizes(entry, 'neutral');
    const browser = await sizes(entry, 'browser');
    const gz = Math.max(neutral.gzipBytes, browser.gzipBytes);
    result[name] = { entry, neutral, browser, meetsTarget: REFERENCE.has(name) ? undefined : gz <= TARGET_BYTES };
    const kb = (n: number) => (n / 1024).toFixed(2);
    console.log(
      `bundle ${name.padEnd(8)} (${entry}): neutral ${kb(neutral.gzipBytes)} KB gz (${kb(neutral.minBytes)} KB min), browser ${kb(browser.gzipBytes)} KB gz${REFERENCE.has(name) ? ' (for reference)' : gz <= TARGET_BYTES ? '' : '  OVER the 6 KB target'}`,
    );
  }
  const smallestLargest = (result.smallest as { neutral: Awaited<ReturnType<typeof sizes>> }).neutral.largest;
  console.log(
    `  largest inputs (smallest entry, min bytes): ${smallestLargest.map((l) => `${l.file} ${l.minBytes}`).join(', ')}`,
  );
  const { largest: _ignored, ...openapiFetch } = await sizes('node_modules/openapi-fetch/dist/index.mjs', 'neutral');
  result.openapiFetchAlone = openapiFetch;
  console.log(
    `bundle openapi-fetch alone: ${(openapiFetch.gzipBytes / 1024).toFixed(2)} KB gz (${(openapiFetch.minBytes / 1024).toFixed(2)} KB min)`,
  );
  result.target = 'gzip <= 6 KB per vendor entry, openapi-fetch included';
  return result;
}
