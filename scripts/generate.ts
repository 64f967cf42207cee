// npm run generate [-- --check | --watch] [--vendor <name>]... [--specs-dir <dir>] [--out-dir <dir>]
// Builds generated/<vendor>/{openapi.yaml,schema.d.ts} from specs/<vendor>/. See README.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './commands/generation-pass.js';
import { startWatch } from './commands/watch.js';
import { defaultOutDir, defaultSpecsDir, repoRoot } from './pipeline/paths.js';
import { PipelineError, runMain } from './pipeline/pipeline-error.js';

await runMain('generate', async () => {
  const { values } = parseCli();
  const opts = {
    specsDir: path.resolve(values['specs-dir'] ?? defaultSpecsDir),
    outDir: path.resolve(values['out-dir'] ?? defaultOutDir),
    // --vendor: rebuild and compare only that vendor's generated/<vendor>/ (the others are left alone).
    ...(values.vendor ? { vendors: values.vendor } : {}),
  };
  // On the repo's own specs/ and generated/, the package wiring follows src/providers/ too (README,
  // "Adding a vendor"); with --specs-dir/--out-dir (temp trees, tests) only the output dir is touched.
  const root = values['specs-dir'] === undefined && values['out-dir'] === undefined ? repoRoot : undefined;
  if (values.watch) {
    const handle = await startWatch(opts, (l) => console.log(l));
    const stop = (): void => void handle.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const result = await generate({ ...opts, root, check: values.check ?? false });
  for (const l of result.lines) (result.ok ? console.log : console.error)(l);
  return result.ok ? 0 : 1;
});

function parseCli() {
  try {
    const parsed = parseArgs({
      options: {
        check: { type: 'boolean' },
        watch: { type: 'boolean' },
        'specs-dir': { type: 'string' },
        'out-dir': { type: 'string' },
        vendor: { type: 'string', multiple: true },
      },
      allowPositionals: false,
    });
    if (parsed.values.check && parsed.values.watch) throw new Error('--check and --watch cannot be combined');
    return parsed;
  } catch (err) {
    throw new PipelineError(
      undefined,
      (err as Error).message,
      'usage: npm run generate -- [--check | --watch] [--vendor <name>]... [--specs-dir <dir>] [--out-dir <dir>]',
    );
  }
}
