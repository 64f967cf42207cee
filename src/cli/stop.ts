import { EXIT_SIGPIPE } from './exit-codes.js';
import type { Output } from './output.js';

/** Exit codes after a stop, as shells report them (128 + signal number; SIGPIPE is 13). */
const EXIT_BY_CAUSE = { SIGINT: 130, SIGTERM: 143, EPIPE: EXIT_SIGPIPE } as const;
const EXIT_STDOUT_FAILED = 1;

export interface BatchStop {
  /** Aborted on the first stop: no new id is sent. */
  drain: AbortSignal;
  /** Aborted when the grace period is over, or on a second Ctrl-C: in-flight requests end `unknown`. */
  hard: AbortSignal;
  /** Why the batch stopped sending (a signal, a closed stdout, or `stopSending`'s reason). */
  readonly reason: string | undefined;
  /** The exit code a signal or a closed stdout imposes; undefined when the batch ran to its end. */
  readonly exitCode: number | undefined;
  /** Stops sending new ids (in-flight ones finish), e.g. when nothing answers at the base URL. */
  stopSending(reason: string): void;
  dispose(): void;
}

/**
 * The first SIGINT, a SIGTERM or a closed stdout (`| head -1`: EPIPE) stops sending new ids and gives
 * in-flight requests `graceS` seconds to finish (then they are aborted and end `unknown`); a second
 * SIGINT or SIGTERM aborts them at once. A reader that went away is a stop like SIGTERM: the journal
 * still gets a final line for every id, and the exit is non-zero (141 for EPIPE, as a shell shows).
 */
export function createBatchStop(graceS: number, output: Output): BatchStop {
  const drain = new AbortController();
  const hard = new AbortController();
  let cause: keyof typeof EXIT_BY_CAUSE | 'stdout' | undefined;
  let reason: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const begin = (by: NonNullable<typeof cause>, what: string, hint = '') => {
    cause = by;
    reason ??= `stopped by ${what}`;
    drain.abort(new Error(reason));
    output.err(`\n${what}: sending no new ids; waiting up to ${graceS} s for the requests in flight${hint}`);
    timer = setTimeout(() => hard.abort(new Error('grace period over')), graceS * 1000);
    timer.unref();
  };
  const onSignal = (received: NodeJS.Signals) => {
    if (cause === undefined)
      begin(received as 'SIGINT' | 'SIGTERM', received, received === 'SIGINT' ? ' (Ctrl-C again to abort them)' : '');
    else {
      output.err(`${received}: aborting the requests in flight (their outcome is unknown)`);
      hard.abort(new Error(`aborted by a second ${received}`));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const unsubscribe = output.onStdoutGone((code) => {
    if (cause === undefined) begin(code === 'EPIPE' ? 'EPIPE' : 'stdout', `stdout closed (${code})`);
  });

  return {
    drain: drain.signal,
    hard: hard.signal,
    get reason() {
      return reason;
    },
    get exitCode() {
      if (cause === undefined) return undefined;
      return cause === 'stdout' ? EXIT_STDOUT_FAILED : EXIT_BY_CAUSE[cause];
    },
    stopSending(why) {
      if (drain.signal.aborted) return;
      reason = why;
      drain.abort(new Error(why));
    },
    dispose() {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      unsubscribe();
    },
  };
}
