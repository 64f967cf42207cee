import {
  AbortError,
  type BulkOutcome,
  type BulkStatus,
  ConnectionError,
  type LifecycleResult,
  NotFoundError,
} from '../../index.js';
import { createCollapser } from '../collapse.js';
import { confirm } from '../confirm.js';
import { baseUrlOf, type ConnectionFlags, connect } from '../connect.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit-codes.js';
import { collectIds } from '../ids.js';
import { hashIds, journalHeader, journalLine, openJournal, type RunIdentity, readRecord } from '../journal.js';
import { describeError, type Output, printable, serializeError } from '../output.js';
import { createProgress } from '../progress.js';
import { createBatchStop } from '../stop.js';
import { assertSupported } from '../supports.js';
import { printPlan } from './dry-run.js';

export type BatchOperation = 'archive' | 'unarchive' | 'delete';

export interface BatchFlags extends ConnectionFlags {
  idsFile?: string;
  concurrency?: number;
  json?: boolean;
  yes?: boolean;
  journal?: string;
  /** The journal stores each result (with the agent) or error in full; by default only id, outcome, HTTP status and request id. */
  journalFull?: boolean;
  resume?: string;
  maxFailures?: number;
  /** Requests per second. */
  rate?: number;
  /** Seconds in-flight requests get to finish after the first Ctrl-C, a SIGTERM or a closed stdout. */
  grace?: number;
}

const DEFAULT_GRACE_S = 10;
const SHOWN_IDS = 5;
/** When the first this many ids sent all fail to connect, nothing answers: the rest is not sent. */
export const NO_ANSWER_AFTER = 3;

/**
 * archive | unarchive | delete over many ids. Every id ends with a recorded outcome (done, failed,
 * not_sent, unknown), printed on stdout (and journaled) as it settles; notes and the summary go to
 * stderr, the summary last. Exit 0 when every id is done, 130/143 after SIGINT/SIGTERM, 141 when the
 * reader of stdout went away (EPIPE), else 1.
 */
export async function runBatchCommand(
  operation: BatchOperation,
  args: string[],
  flags: BatchFlags,
  output: Output,
): Promise<number> {
  const run: RunIdentity = { operation, provider: flags.provider, baseUrl: baseUrlOf(flags) };
  const { ids, idsHash, duplicates, skipped, untrusted, unknown, otherList } = await idsToSend(args, flags, run);
  if (duplicates > 0) output.err(`note: ${duplicates} duplicate id(s) dropped; each id is sent once`);
  const { client, takePlanned, baseUrl } = connect(flags, output);
  assertSupported(client, operation);
  if (otherList) output.err(`note: the ids differ from those of the run in ${flags.resume}`);
  if (skipped > 0) output.err(`resume: ${skipped} id(s) already done in ${flags.resume}, not sent again`);
  if (untrusted > 0)
    output.err(
      `resume: ${untrusted} done line(s) in ${flags.resume} not trusted (no sent line before, or another provider's result): sent again`,
    );
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

  const full = flags.journalFull === true;
  const journal = flags.journal ? openJournal(flags.journal) : undefined;
  journal?.write(journalHeader(run, { ids: ids.length + skipped, idsHash }, full));
  const stop = createBatchStop(flags.grace ?? DEFAULT_GRACE_S, output);
  const progress = createProgress(operation, ids.length);
  const human = createCollapser((line) => output.out(line));
  const counts: Record<BulkStatus, number> = { done: 0, failed: 0, not_sent: 0, unknown: 0 };
  const started = performance.now();
  /** Why the batch stopped sending, as the first not-sent id says (a 401, --max-failures, a stop). */
  let stoppedBy: string | undefined;
  let sentSettled = 0;
  let allFailedToConnect = true;

  const settle = (raw: BulkOutcome<LifecycleResult>) => {
    const outcome = withStopReason(asResumed(raw, operation, unknown), stop.reason);
    counts[outcome.status]++;
    if (outcome.status !== 'not_sent' && sentSettled < NO_ANSWER_AFTER) {
      sentSettled++;
      allFailedToConnect &&= !outcome.ok && outcome.error instanceof ConnectionError;
      if (sentSettled === NO_ANSWER_AFTER && allFailedToConnect)
        stop.stopSending(`nothing answers at ${baseUrl} (the first ${NO_ANSWER_AFTER} ids failed to connect)`);
    }
    if (!outcome.ok && outcome.status === 'not_sent' && !stoppedBy)
      stoppedBy = outcome.error.message.replace(/^not sent: /, '');
    journal?.write(journalLine(outcome, full));
    if (flags.json) {
      const line = outcome.ok
        ? { id: outcome.id, status: outcome.status, ok: true, result: outcome.result }
        : { id: outcome.id, status: outcome.status, ok: false, error: serializeError(outcome.error) };
      output.out(JSON.stringify(line));
    } else if (outcome.ok) human.push('done', printable(outcome.id), describeResult(outcome.result), false);
    else human.push(outcome.status.replace('_', ' '), printable(outcome.id), describeError(outcome.error), true);
  };

  try {
    await client[`${operation}Many`](ids, {
      signal: stop.hard,
      drain: stop.drain,
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
    human.flush();
    progress.stop();
    stop.dispose();
    journal?.close();
  }

  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const code = stop.exitCode ?? (counts.done === ids.length ? EXIT_OK : EXIT_FAILED);
  // A stop by signal or closed stdout was announced when it came; others are named here.
  if (stoppedBy && stop.exitCode === undefined) output.err(`stopped: ${stoppedBy}`);
  if (counts.not_sent + counts.unknown + counts.failed > 0 && flags.journal) {
    output.err(`to finish: rerun with --resume ${flags.journal} (done ids are not sent again)`);
  }
  if (flags.json) {
    output.err(
      JSON.stringify({
        operation,
        provider: client.provider,
        ids: ids.length,
        ...counts,
        seconds,
        ...(stoppedBy ? { stoppedBy } : {}),
        exitCode: code,
      }),
    );
  } else {
    const parts = (['done', 'failed', 'not_sent', 'unknown'] as const)
      .filter((s) => s === 'done' || counts[s] > 0)
      .map((s) => `${counts[s]} ${s.replace('_', ' ')}`);
    output.err(
      `${operation}: ${parts.join(', ')} of ${ids.length} ids on ${client.provider} in ${seconds.toFixed(1)} s`,
    );
  }
  return code;
}

/**
 * The ids to send, and of the --resume record only what the batch still needs: ids it records as done
 * are never sent again; unknown ones are redone, and an idempotent answer for them (a 404 after a
 * delete) counts as done. The whole record and id list are not kept for the length of the batch.
 */
async function idsToSend(args: string[], flags: BatchFlags, run: RunIdentity) {
  const collected = await collectIds(args, flags.idsFile);
  const idsHash = hashIds(collected.ids);
  const resumed = flags.resume
    ? await readRecord(flags.resume, run)
    : { record: new Map<string, BulkStatus>(), untrusted: 0, idsHash: undefined };
  const { record } = resumed;
  const ids = collected.ids.filter((id) => record.get(id) !== 'done');
  const unknown = new Set(ids.filter((id) => record.get(id) === 'unknown'));
  return {
    ids,
    idsHash,
    duplicates: collected.duplicates,
    skipped: collected.ids.length - ids.length,
    untrusted: resumed.untrusted,
    unknown,
    otherList: resumed.idsHash !== undefined && resumed.idsHash !== idsHash,
  };
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

/** The batch runner says only "the batch was stopped" of a drain; the CLI knows why (a signal, EPIPE, no answer). */
function withStopReason(
  outcome: BulkOutcome<LifecycleResult>,
  reason: string | undefined,
): BulkOutcome<LifecycleResult> {
  if (reason === undefined || outcome.ok || outcome.status !== 'not_sent') return outcome;
  if (outcome.error.message !== 'not sent: the batch was stopped') return outcome;
  return { ...outcome, error: new AbortError(`not sent: ${reason}`) };
}
