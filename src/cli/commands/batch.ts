import type { BulkResult, LifecycleResult } from '../../client/types.js';
import { confirm } from '../confirm.js';
import { type ConnectionFlags, connect } from '../connect.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit-codes.js';
import { collectIds } from '../ids.js';
import { describeError, type Output, printable, serializeError } from '../output.js';
import { createProgress } from '../progress.js';
import { assertSupported } from '../supports.js';
import { printPlan } from './dry-run.js';

export type BatchOperation = 'archive' | 'unarchive' | 'delete';

export interface BatchFlags extends ConnectionFlags {
  idsFile?: string;
  concurrency?: number;
  json?: boolean;
  yes?: boolean;
}

/** archive | unarchive | delete over many ids. Exit 0 when every id succeeded, else 1. */
export async function runBatchCommand(
  operation: BatchOperation,
  args: string[],
  flags: BatchFlags,
  output: Output,
): Promise<number> {
  const ids = await collectIds(args, flags.idsFile);
  const { client, takePlanned } = connect(flags, output);
  assertSupported(client, operation);

  if (flags.dryRun) {
    return printPlan(
      ids.map((id) => ({ id, call: () => client[operation](id) })),
      takePlanned,
      flags.json === true,
      output,
    );
  }
  if (operation === 'delete' && ids.length > 1 && !flags.yes) {
    if (!process.stdin.isTTY) {
      throw new UsageError(
        `refusing to delete ${ids.length} agents without confirmation: stdin is not a terminal, so pass --yes`,
      );
    }
    const yes = await confirm(`Permanently delete ${ids.length} ${client.provider} agents? This cannot be undone.`);
    if (!yes) {
      output.err('delete cancelled: nothing was sent');
      return EXIT_FAILED;
    }
  }

  const controller = new AbortController();
  const stopOnInterrupt = onInterrupt(controller);
  const progress = createProgress(operation, ids.length);
  const started = performance.now();
  let outcomes: BulkResult;
  try {
    outcomes = await client[`${operation}Many`](ids, {
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
      ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    });
  } finally {
    progress.stop();
    stopOnInterrupt();
  }

  for (const outcome of outcomes) {
    if (flags.json) {
      output.out(
        JSON.stringify(outcome.ok ? outcome : { id: outcome.id, ok: false, error: serializeError(outcome.error) }),
      );
    } else {
      output.out(
        outcome.ok
          ? `ok      ${printable(outcome.id)}  ${describeResult(outcome.result)}`
          : `failed  ${printable(outcome.id)}  ${describeError(outcome.error)}`,
      );
    }
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  const aborted = outcomes.filter((o) => !o.ok && o.error.name === 'AbortError').length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  output.err(
    `${operation}: ${outcomes.length - failed} succeeded, ${failed} failed${aborted ? ` (${aborted} aborted)` : ''} of ${outcomes.length} ids on ${client.provider} in ${seconds} s`,
  );
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}

function describeResult(result: LifecycleResult): string {
  return result.alreadyInState ? `${result.state} (already)` : result.state;
}

/** First Ctrl-C: stop starting ids and report what happened. Second: leave now. */
function onInterrupt(controller: AbortController): () => void {
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('interrupted'));
    process.stderr.write('\ninterrupted: finishing in-flight requests (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
