// npm run specs:pull -- <vendor> <url-or-file> [--specs-dir <dir>] [--out-dir <dir>]
// Saves a doc page (-> specs/<vendor>/pages/<name>.md) or a full spec
// (-> specs/<vendor>/openapi.yaml|json), then regenerates.
//
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultOutDir, defaultSpecsDir, display } from './pipeline/paths.js';
import { isEntry, PipelineError, runMain } from './pipeline/pipeline-error.js';
import { pull } from './pipeline/pull.js';

const usage = 'usage: npm run specs:pull -- <vendor> <url-or-file> [--specs-dir <dir>] [--out-dir <dir>]';

/** The command: parses process.argv, prints, sets the exit code. */
export const main = (): Promise<void> =>
  runMain('specs:pull', async () => {
    let parsed;
    try {
      parsed = parseArgs({
        options: { 'specs-dir': { type: 'string' }, 'out-dir': { type: 'string' } },
        allowPositionals: true,
      });
    } catch (err) {
      throw new PipelineError(undefined, (err as Error).message, usage);
    }
    const [vendor, source, ...rest] = parsed.positionals;
    if (!vendor || !source || rest.length)
      throw new PipelineError(undefined, 'expected a vendor and a URL or file', usage);
    const result = await pull({
      vendor,
      source,
      specsDir: path.resolve(parsed.values['specs-dir'] ?? defaultSpecsDir),
      outDir: path.resolve(parsed.values['out-dir'] ?? defaultOutDir),
    });
    console.log(`specs:pull: saved ${display(result.saved)} (${result.kind === 'page' ? 'doc page' : 'full spec'})`);
    for (const l of result.generated.lines) console.log(l);
  });

// Started as `tsx scripts/specs-pull.ts` (launch.mjs imports a built copy and calls main itself).
if (isEntry(import.meta.url)) await main();
