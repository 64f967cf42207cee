// The size of a vendor entry as an app ships it (openapi-fetch bundled, minified, gzip -9): the same
// figure as `npm run bench -- --only bundle`. The goal (6 KB) is not met yet, so this holds the
// ceiling (bench/goals.ts) that size may not grow past. A size check, not a timed one; the message
// gives the figure, the goal and the largest sources.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENDOR_ENTRY_CEILING_GZIP_BYTES, VENDOR_ENTRY_MAX_GZIP_BYTES } from '../../bench/goals.js';
import { bundleEntry, entrySize } from '../../bench/lib/bundle-size.js';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
const ENTRIES = readdirSync(SRC).filter((f) => f.endsWith('-client.ts'));

describe('vendor entry bundle size', () => {
  it('finds the vendor entries', () => {
    expect(ENTRIES).toEqual(expect.arrayContaining(['qoder-client.ts', 'smallest-client.ts', 'ayra-client.ts']));
  });

  for (const file of ENTRIES) {
    it(`src/${file} with openapi-fetch is at most ${VENDOR_ENTRY_CEILING_GZIP_BYTES} B min+gzip`, async () => {
      for (const platform of ['neutral', 'browser'] as const) {
        const { gzipBytes, minBytes, largest } = await entrySize(`src/${file}`, platform);
        const figure = `${file} (${platform}): ${gzipBytes} B min+gzip (${minBytes} B min), ceiling ${VENDOR_ENTRY_CEILING_GZIP_BYTES} B, goal ${VENDOR_ENTRY_MAX_GZIP_BYTES} B; largest: ${largest.map((l) => `${l.file} ${l.minBytes} B`).join(', ')}`;
        expect(gzipBytes, figure).toBeLessThanOrEqual(VENDOR_ENTRY_CEILING_GZIP_BYTES);
      }
    });
  }

  // A provider's `semantics` (what its answers mean) is read by the conformance suite only: a separate
  // export of its file, which the entries, importing `provider`, leave out of the bundle.
  it('no entry ships a provider’s semantics', async () => {
    for (const file of [...ENTRIES, 'index.ts']) {
      const code = new TextDecoder().decode((await bundleEntry(`src/${file}`)).code);
      expect(code, file).toContain('parseError');
      expect(code, file).not.toMatch(/agentAt|semantics/);
    }
  });
});
