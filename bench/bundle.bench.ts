// Minified + gzipped size of each vendor entry as an app would ship it: bundled with openapi-fetch,
// for a neutral (any runtime) and a browser target, against VENDOR_ENTRY_MAX_GZIP_BYTES (bench/goals.ts,
// also checked by test/client/bundle-size.test.ts); batches are `agent-lifecycle/bulk`, measured alone
// for reference.
import { VENDOR_ENTRY_MAX_GZIP_BYTES as TARGET_BYTES } from './goals.js';
import { type EntrySize, entrySize as sizes } from './lib/bundle-size.js';
import type { BenchOptions } from './run.js';

const ENTRIES = {
  smallest: 'src/smallest-client.ts',
  qoder: 'src/qoder-client.ts',
  ayra: 'src/ayra-client.ts',
  all: 'src/index.ts',
  bulk: 'src/bulk.ts',
} as const;
const REFERENCE = new Set(['all', 'bulk']);

// Already quick: the same at --tiny.
export async function run(_opts: BenchOptions): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const neutral = await sizes(entry, 'neutral');
    const browser = await sizes(entry, 'browser');
    const gz = Math.max(neutral.gzipBytes, browser.gzipBytes);
    result[name] = { entry, neutral, browser, meetsTarget: REFERENCE.has(name) ? undefined : gz <= TARGET_BYTES };
    const kb = (n: number) => (n / 1024).toFixed(2);
    const target = `${kb(TARGET_BYTES)} KB`;
    console.log(
      `bundle ${name.padEnd(8)} (${entry}): neutral ${kb(neutral.gzipBytes)} KB gz (${kb(neutral.minBytes)} KB min), browser ${kb(browser.gzipBytes)} KB gz${REFERENCE.has(name) ? ' (for reference)' : gz <= TARGET_BYTES ? '' : `  OVER the ${target} target`}`,
    );
  }
  const smallestLargest = (result.smallest as { neutral: EntrySize }).neutral.largest;
  console.log(
    `  largest inputs (smallest entry, min bytes): ${smallestLargest.map((l) => `${l.file} ${l.minBytes}`).join(', ')}`,
  );
  const { largest: _ignored, ...openapiFetch } = await sizes('node_modules/openapi-fetch/dist/index.mjs', 'neutral');
  result.openapiFetchAlone = openapiFetch;
  console.log(
    `bundle openapi-fetch alone: ${(openapiFetch.gzipBytes / 1024).toFixed(2)} KB gz (${(openapiFetch.minBytes / 1024).toFixed(2)} KB min)`,
  );
  result.target = `gzip <= ${TARGET_BYTES} B per vendor entry, openapi-fetch included`;
  return result;
}
