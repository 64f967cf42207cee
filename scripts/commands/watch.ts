// --watch: regenerate on any change under specs/, debounced, one pass at a time. A broken spec
// prints its one-line error and the watcher keeps going until the next change fixes it. A change
// inside specs/<vendor>/ rebuilds that vendor alone; a vendor folder added or removed, everything.
import path from 'node:path';
import { watch } from 'chokidar';
import { display } from '../pipeline/paths.js';
import { formatError } from '../pipeline/pipeline-error.js';
import { type GenerateOptions, generate } from './generation-pass.js';

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
