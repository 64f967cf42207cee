// The size of one entry as an app would ship it: bundled with its dependencies (openapi-fetch),
// minified, gzip -9. Shared by bench/bundle.bench.ts and test/client/bundle-size.test.ts, so the
// bench's figure and the test's are the same number.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Platform } from 'esbuild';
import { REPO_ROOT } from './subprocess.js';

export interface EntrySize {
  minBytes: number;
  gzipBytes: number;
  /** The sources that contribute most minified bytes: where a size target would have to be won. */
  largest: { file: string; minBytes: number }[];
}

/** One entry as an app ships it: bundled with its dependencies and minified (the code, and the bytes each source adds). */
export async function bundleEntry(entry: string, platform: Platform = 'neutral') {
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
  return { code: out.outputFiles[0]!.contents, inputs: Object.values(out.metafile.outputs)[0]?.inputs ?? {} };
}

export async function entrySize(entry: string, platform: Platform = 'neutral'): Promise<EntrySize> {
  const { code, inputs } = await bundleEntry(entry, platform);
  const largest = Object.entries(inputs)
    .map(([file, info]) => ({ file, minBytes: info.bytesInOutput }))
    .sort((a, b) => b.minBytes - a.minBytes)
    .slice(0, 6);
  return { minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, largest };
}
