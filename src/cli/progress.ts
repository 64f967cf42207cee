import cliProgress from 'cli-progress';
import type { BulkProgress } from '../index.js';

export interface ProgressView {
  update(progress: BulkProgress): void;
  stop(): void;
}

const NONE: ProgressView = { update: () => undefined, stop: () => undefined };

/** A bar on stderr when it is a terminal; nothing at all when it is piped or redirected. */
export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressView {
  if (!stream.isTTY || total < 2) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} {bar} {value}/{total} ids | {failed} failed | ETA {eta_formatted}`,
      hideCursor: true,
      // Leave the final state on screen: it is the visual part of the summary.
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { failed: 0 });
  return {
    update: ({ done, failed }) => bar.update(done, { failed }),
    stop: () => bar.stop(),
  };
}
