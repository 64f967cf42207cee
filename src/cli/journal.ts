// The batch journal: one JSON line per event, appended and written through (writeSync) as it happens,
// so that even `kill -9` leaves an exact record. The first line of each run is a header naming the
// operation, provider, base URL and a hash of the id list; a `sent` line precedes each request; a final
// line (`done`, `failed`, `not_sent`, `unknown`) follows it. `--resume` reads a journal, or `--json`
// output, and trusts it only as far as it can check it.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BulkOutcome, BulkStatus, LifecycleResult } from '../index.js';
import { UsageError } from './exit-codes.js';
import { serializeError } from './output.js';

export type JournalOperation = 'archive' | 'unarchive' | 'delete';

/** What a run is: a journal of another run (operation, provider or base URL) is refused by `--resume`. */
export interface RunIdentity {
  operation: JournalOperation;
  provider: string;
  baseUrl: string;
}

/** The state a done id of each operation is in: `--json` output (no header) is checked against it. */
const TARGET_STATE: Record<JournalOperation, LifecycleResult['state']> = {
  archive: 'archived',
  unarchive: 'active',
  delete: 'deleted',
};

export interface Journal {
  write(record: Record<string, unknown>): void;
  close(): void;
}

export function openJournal(file: string): Journal {
  let fd: number;
  try {
    fd = openSync(file, 'a');
  } catch (error) {
    throw new UsageError(`--journal: cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return {
    write: (record) => void writeSync(fd, `${JSON.stringify(record)}\n`),
    close: () => closeSync(fd),
  };
}

/** A base URL as compared across runs: no trailing slash. */
function sameUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** sha256 of the ids, one per line, in input order: tells whether a resumed run has the same list. */
export function hashIds(ids: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of ids) hash.update(`${id}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** A run's first line. `ids` and `idsHash` are of the whole list given, before `--resume` skips any. */
export function journalHeader(
  run: RunIdentity,
  list: { ids: number; idsHash: string },
  full: boolean,
): Record<string, unknown> {
  return {
    journal: 2,
    operation: run.operation,
    provider: run.provider,
    baseUrl: sameUrl(run.baseUrl),
    ids: list.ids,
    idsHash: list.idsHash,
    format: full ? 'full' : 'compact',
    startedAt: new Date().toISOString(),
  };
}

/**
 * One id's final line. Compact (the default, ~80 B): the id, its outcome (`status`), the HTTP status
 * and request id when known, and for a failure the error's name and message. Full adds the result
 * (with the agent, where the vendor returns it) or every shown field of the error.
 */
export function journalLine(outcome: BulkOutcome<LifecycleResult>, full: boolean): Record<string, unknown> {
  if (full)
    return outcome.ok
      ? { id: outcome.id, status: outcome.status, ok: true, result: outcome.result }
      : { id: outcome.id, status: outcome.status, ok: false, error: serializeError(outcome.error) };
  if (outcome.ok) {
    const { requestId, alreadyInState } = outcome.result;
    return {
      id: outcome.id,
      status: 'done',
      ok: true,
      ...(alreadyInState ? { alreadyInState } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    };
  }
  const { name, message, status, requestId } = serializeError(outcome.error);
  return {
    id: outcome.id,
    status: outcome.status,
    ok: false,
    ...(status !== undefined ? { httpStatus: status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    error: { name, message },
  };
}

/** What a journal says of each id, the last word winning; `sent` without a final line is `unknown`. */
export type Recorded = Map<string, BulkStatus>;

export interface ResumeRecord {
  record: Recorded;
  /** `done` lines not trusted: in a journal, with no `sent` line for the id before; in `--json` output, a result of another provider or state. */
  untrusted: number;
  /** The id-list hash of the journal's first run, when it has a header. */
  idsHash: string | undefined;
}

function describeRun(run: { operation?: unknown; provider?: unknown; baseUrl?: unknown }): string {
  return `${String(run.operation)} --provider ${String(run.provider)} --base-url ${String(run.baseUrl)}`;
}

/**
 * Read line by line (a journal of 100,000 ids is ~26 MB: held whole, it alone would grow the heap by
 * twice that). A line cut by `kill -9` mid-write can only be the last one: it is ignored, and its id
 * counts as not recorded; a bad line followed by another is an error. With `expected`, a header of
 * another run is refused (one line, before any request), and a `done` that cannot be checked is not
 * trusted: the id is sent again.
 */
export async function readRecord(file: string, expected?: RunIdentity): Promise<ResumeRecord> {
  const record: Recorded = new Map();
  /** Ids with a `sent` line so far (journal only). */
  const sent = new Set<string>();
  let hasHeader = false;
  let idsHash: string | undefined;
  let untrusted = 0;
  let badLine: number | undefined;
  let n = 0;
  try {
    for await (const line of createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    })) {
      n++;
      if (line.trim() === '') continue;
      // A bad line with another after it was not cut by kill -9: the file is not a record.
      if (badLine !== undefined)
        throw new UsageError(
          `--resume: ${file}:${badLine} is not a JSON line (give a --journal file or --json output)`,
        );
      let entry: {
        id?: unknown;
        status?: unknown;
        ok?: unknown;
        journal?: unknown;
        operation?: unknown;
        provider?: unknown;
        baseUrl?: unknown;
        idsHash?: unknown;
        result?: { provider?: unknown; state?: unknown };
      };
      try {
        entry = JSON.parse(line);
      } catch {
        badLine = n;
        continue;
      }
      if (entry === null || typeof entry !== 'object') continue;
      if (entry.journal !== undefined) {
        if (
          expected &&
          (entry.operation !== expected.operation ||
            entry.provider !== expected.provider ||
            typeof entry.baseUrl !== 'string' ||
            sameUrl(entry.baseUrl) !== sameUrl(expected.baseUrl))
        )
          throw new UsageError(
            `--resume: ${file}:${n} is a journal of ${describeRun(entry)}, not of ${describeRun({ ...expected, baseUrl: sameUrl(expected.baseUrl) })}; nothing was sent`,
          );
        if (!hasHeader && typeof entry.idsHash === 'string') idsHash = entry.idsHash;
        hasHeader = true;
        continue;
      }
      if (typeof entry.id !== 'string') continue;
      const id = entry.id;
      if (entry.status === 'sent') {
        sent.add(id);
        record.set(id, 'unknown');
        continue;
      }
      const status: BulkStatus =
        typeof entry.status === 'string' ? (entry.status as BulkStatus) : entry.ok === true ? 'done' : 'failed';
      if (status === 'done' && expected && !trustworthy(entry, id, hasHeader, sent, expected)) {
        untrusted++;
        continue;
      }
      record.set(id, status);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--resume: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { record, untrusted, idsHash };
}

/**
 * A journal's `done` counts only after a `sent` line for the id (a request was made). `--json` output
 * has no `sent` lines: there the result must be of this provider and in the operation's target state.
 */
function trustworthy(
  entry: { result?: { provider?: unknown; state?: unknown } },
  id: string,
  hasHeader: boolean,
  sent: ReadonlySet<string>,
  expected: RunIdentity,
): boolean {
  if (hasHeader) return sent.has(id);
  return entry.result?.provider === expected.provider && entry.result?.state === TARGET_STATE[expected.operation];
}
