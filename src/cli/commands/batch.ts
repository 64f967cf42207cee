import { type BulkOutcome, type BulkStatus, type LifecycleResult, NotFoundError } from '../../index.js';
import { confirm } from '../confirm.js';
import { type ConnectionFlags, connect } from '../connect.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit-codes.js';
import { collectIds } from '../ids.js';
import { openJournal, readRecord } from '../journal.js';
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
  journal?: string;
  resume?: string;
  maxFailures?: number;
  /** Requests per second. */
  rate?: number;
  /** Seconds in-flight requests get to finish after the first Ctrl-C or a SIGTERM. */
  grace?: number;
}

/** Exit codes after an interruption, as shells report them (128 + signal number). */
const EXIT_SIGINT = 130;
const EXIT_SIGTERM = 143;
const DEFAULT_GRACE_S = 10;
const SHOWN_IDS = 5;

/**
 * archive | unarchive | delete over many ids. Every id ends with a recorded outcome (done, failed,
 * not_sent, unknown), printed (and journaled) as it settles; the summary comes last. Exit 0 when every
 * id is done, 130/143 after SIGINT/SIGTERM, else 1.
 */
export async function runBatchCommand(
  operation: BatchOperation,
  args: string[],
  flags: BatchFlags,
  output: Output,
): Promise<number> {
  const { ids, duplicates, skipped, unknown } = await idsToSend(args, flags);
  if (duplicates > 0) output.err(`note: ${duplicates} duplicate id(s) dropped; each id is sent once`);
  const { client, takePlanned, baseUrl } = connect(flags, output);
  assertSupported(client, operation);
  if (skipped > 0) output.err(`resume: ${skipped} id(s) already done in ${flags.resume}, not sent again`);
  if (ids.length === 0) {
    output.err(`${operation}: nothing to do, every id is already done`);
    return EXIT_OK;
  }

  if (flags.dryRun) {
    return printPlan(
      ids.map((id) => ({ id, call: () => client[operation](id) })),
      takePlanned,
      flags.json === true,
      output,
    );
  }
  if (operation === 'delete' && !flags.yes) {
    const shown = ids.slice(0, SHOWN_IDS).map(printable).join(', ');
    const more = ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : '';
    const what = `${ids.length} ${client.provider} agent(s) at ${baseUrl} (${shown}${more})`;
    if (!process.stdin.isTTY) {
      if (ids.length > 1) throw new UsageError(`refusing to delete ${what} without confirmation: pass --yes`);
    } else if (!(await confirm(`Permanently delete ${what}? This cannot be undone.`))) {
      output.err('delete cancelled: nothing was sent');
      return EXIT_FAILED;
    }
  }

  const journal = flags.journal ? openJournal(flags.journal) : undefined;
  journal?.write({ journal: 1, operation, provider: client.provider, baseUrl, startedAt: new Date().toISOString() });
  const interrupt = onSignals(flags.grace ?? DEFAULT_GRACE_S, output);
  const progress = createProgress(operation, ids.length);
  const counts: Record<BulkStatus, number> = { done: 0, failed: 0, not_sent: 0, unknown: 0 };
  const started = performance.now();
  let stoppedBy: string | undefined;

  const settle = (raw: BulkOutcome<LifecycleResult>) => {
    const outcome = asResumed(raw, operation, unknown);
    counts[outcome.status]++;
    if (!outcome.ok && outcome.status === 'not_sent' && !stoppedBy) stoppedBy = outcome.error.message;
    const line = outcome.ok
      ? { id: outcome.id, status: outcome.status, ok: true, result: outcome.result }
      : { id: outcome.id, status: outcome.status, ok: false, error: serializeError(outcome.error) };
    journal?.write(line);
    output.out(
      flags.json
        ? JSON.stringify(line)
        : outcome.ok
          ? `done      ${printable(outcome.id)}  ${describeResult(outcome.result)}`
          : `${outcome.status.replace('_', ' ').padEnd(9)} ${printable(outcome.id)}  ${describeError(outcome.error)}`,
    );
  };

  try {
    await client[`${operation}Many`](ids, {
      signal: interrupt.hard,
      drain: interrupt.drain,
      onStart: (id) => journal?.write({ id, status: 'sent' }),
      onOutcome: settle,
      onProgress: (p) => progress.update(p),
      // Outcomes are printed and journaled as they settle; holding them too would grow with the batch.
      keepOutcomes: false,
      ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
      ...(flags.maxFailures !== undefined ? { maxFailures: flags.maxFailures } : {}),
      ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
    });
  } finally {
    progress.stop();
    interrupt.dispose();
    journal?.close();
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const parts = (['done', 'failed', 'not_sent', 'unknown'] as const)
    .filter((s) => s === 'done' || counts[s] > 0)
    .map((s) => `${counts[s]} ${s.replace('_', ' ')}`);
  if (stoppedBy && !interrupt.signal) output.err(`stopped: ${stoppedBy.replace(/^not sent: /, '')}`);
  if (counts.not_sent + counts.unknown + counts.failed > 0 && flags.journal) {
    output.err(`to finish: rerun with --resume ${flags.journal} (done ids are not sent again)`);
  }
  output.err(`${operation}: ${parts.join(', ')} of ${ids.length} ids on ${client.provider} in ${seconds} s`);
  if (interrupt.signal) return interrupt.signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
  return counts.done === ids.length ? EXIT_OK : EXIT_FAILED;
}

/**
 * The ids to send, and of the --resume record only what the batch still needs: ids it records as done
 * are never sent again; unknown ones are redone, and an idempotent answer for them (a 404 after a
 * delete) counts as done. The whole record and id list are not kept for the length of the batch.
 */
async function idsToSend(args: string[], flags: BatchFlags) {
  const collected = await collectIds(args, flags.idsFile);
  const record = flags.resume ? await readRecord(flags.resume) : new Map<string, BulkStatus>();
  const ids = collected.ids.filter((id) => record.get(id) !== 'done');
  const unknown = new Set(ids.filter((id) => record.get(id) === 'unknown'));
  return { ids, duplicates: collected.duplicates, skipped: collected.ids.length - ids.length, unknown };
}

function describeResult(result: LifecycleResult): string {
  return result.alreadyInState ? `${result.state} (already)` : result.state;
}

/** A 404 for an id whose delete may already have happened (unknown in the record) means it is gone: done. */
function asResumed(
  outcome: BulkOutcome<LifecycleResult>,
  operation: BatchOperation,
  unknown: ReadonlySet<string>,
): BulkOutcome<LifecycleResult> {
  if (operation !== 'delete' || outcome.ok || !unknown.has(outcome.id)) return outcome;
  if (!(outcome.error instanceof NotFoundError)) return outcome;
  const result: LifecycleResult = {
    provider: outcome.error.provider,
    agentId: outcome.id,
    state: 'deleted',
    alreadyInState: true,
  };
  return { id: outcome.id, ok: true, status: 'done', result };
}

/**
 * The first SIGINT or a SIGTERM stops sending new ids and gives in-flight requests `graceS` seconds to
 * finish (then they are aborted and end `unknown`); a second SIGINT aborts them at once.
 */
function onSignals(graceS: number, output: Output) {
  const drain = new AbortController();
  const hard = new AbortController();
  let signal: NodeJS.Signals | undefined;
  let timer: NodeJS.Timeout | undefined;
  const handler = (received: NodeJS.Signals) => {
    if (signal === undefined) {
      signal = received;
      drain.abort(new Error(`stopped by ${received}`));
      output.err(
        `\n${received}: sending no new ids; waiting up to ${graceS} s for the requests in flight${received === 'SIGINT' ? ' (Ctrl-C again to abort them)' : ''}`,
      );
      timer = setTimeout(() => hard.abort(new Error('grace period over')), graceS * 1000);
      timer.unref();
    } else if (received === 'SIGINT' || received === 'SIGTERM') {
      output.err(`${received}: aborting the requests in flight (their outcome is unknown)`);
      hard.abort(new Error(`aborted by a second ${received}`));
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    drain: drain.signal,
    hard: hard.signal,
    get signal() {
      return signal;
    },
    dispose() {
      clearTimeout(timer);
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
