// --watch: regenerate on any change under specs/, debounced, one pass at a time. A broken spec
// prints its one-line error and the watcher keeps going until the next change fixes it.
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

  const pass = async (): Promise<void> => {
    try {
      const result = await generate({ ...opts, check: false });
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
    running = pass().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
  };

  await pass();
  const watcher = watch(opts.specsDir, { ignoreInitial: true });
  watcher.on('all', () => {
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
