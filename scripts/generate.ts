// npm run generate [-- --check | --watch] [--vendor <name>]... [--specs-dir <dir>] [--out-dir <dir>]
// Builds generated/<vendor>/{openapi.yaml,schema.d.ts} from specs/<vendor>/. See README.
//
// --watch: regenerate on any change under specs/, debounced, one pass at a time. A broken spec
// prints its one-line error and the watcher keeps going until the next change fixes it. A change
// inside specs/<vendor>/ rebuilds that vendor alone; a vendor folder added or removed, everything.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { watch } from 'chokidar';
import { type GenerateOptions, generate } from './pipeline/generation.js';
import { defaultOutDir, defaultSpecsDir, display, repoRoot } from './pipeline/paths.js';
import { formatError, isEntry, PipelineError, runMain } from './pipeline/pipeline-error.js';

export interface WatchHandle {
  close(): Promise<void>;
}

export async function startWatch(
  opts: GenerateOptions,
  log: (line: string) => void,
  debounceMs = 150,
): Promise<WatchHandle> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  // Vendors changed since the last pass; undefined = all of them (the first pass, a folder added or removed).
  let pending: Set<string> | undefined;

  const pass = async (vendors?: string[]): Promise<void> => {
    try {
      const result = await generate({ ...opts, check: false, ...(vendors ? { vendors } : {}) });
      result.lines.forEach(log);
    } catch (err) {
      log(formatError('generate', err));
    }
  };
  const trigger = (): void => {
    // Changes during a pass are coalesced into one more pass after it.
    if (running) {
      again = true;
      return;
    }
    const vendors = pending ? [...pending] : undefined;
    pending = new Set();
    running = pass(vendors).finally(() => {
      running = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
  };

  await pass();
  pending = new Set();
  const watcher = watch(opts.specsDir, { ignoreInitial: true });
  watcher.on('all', (event, file) => {
    const parts = path.relative(opts.specsDir, file).split(path.sep);
    if (parts.length < 2 || event === 'addDir' || event === 'unlinkDir') pending = undefined;
    else pending?.add(parts[0]!);
    clearTimeout(timer);
    timer = setTimeout(trigger, debounceMs);
  });
  watcher.on('error', (err) => log(formatError('generate', err)));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  log(`generate: watching ${display(opts.specsDir)}/ for changes (Ctrl-C to stop)`);
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}

/** The command: parses process.argv, prints, sets the exit code. */
export const main = (): Promise<void> =>
  runMain('generate', async () => {
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

// Started as `tsx scripts/generate.ts` (launch.mjs imports a built copy and calls main itself).
if (isEntry(import.meta.url)) await main();

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
