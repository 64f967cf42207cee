// npm run update -- <vendor> [<url-or-file>] [--keep] [--full]
// Pull (when a source is given), regenerate that vendor, type-check what it can reach (--full: the
// whole tree), run that vendor's conformance; one report.
// Exit 0 only when all of it is green; otherwise specs/<vendor> and generated/<vendor> are put back.
import { parseArgs } from 'node:util';
import { printable } from '../src/core/printable.js';
import { update } from './commands/update.js';
import { repoRoot } from './pipeline/paths.js';
import { PipelineError, runMain } from './pipeline/pipeline-error.js';
import { listVendors } from './pipeline/sources.js';
import { checkVendorName } from './pipeline/spec-reader.js';

const usage = 'usage: npm run update -- <vendor> [<url-or-file>] [--keep] [--full]';

await runMain('update', async () => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    throw new PipelineError(undefined, (err as Error).message, usage);
  }
  const [vendor, source, ...extra] = parsed.positionals;
  if (!vendor || extra.length > 0)
    throw new PipelineError(undefined, 'expected a vendor and at most one source', usage);
  checkVendorName(vendor);
  const vendors = await listVendors(`${repoRoot}/specs`);
  if (!vendors.includes(vendor))
    throw new PipelineError(undefined, `unknown vendor '${vendor}' (known: ${vendors.join(', ')})`, usage);
  const result = await update({
    repoRoot,
    vendor,
    source,
    keep: parsed.values.keep ?? false,
    full: parsed.values.full ?? false,
    progress: (line) => console.log(line),
  });
  // The report quotes the vendor's spec (drift lines, operationIds): escaped before the terminal.
  for (const line of result.lines) (result.ok ? console.log : console.error)(printable(line));
  return result.exitCode;
});

function parse() {
  return parseArgs({ options: { keep: { type: 'boolean' }, full: { type: 'boolean' } }, allowPositionals: true });
}
