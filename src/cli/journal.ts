// The batch journal: one JSON line per event, appended and written through (writeSync) as it happens,
// so that even `kill -9` leaves an exact record. A `sent` line precedes each request; a final line
// (`done`, `failed`, `not_sent`, `unknown`) follows it. `--resume` reads a journal, or `--json` output.

import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BulkStatus } from '../index.js';
import { UsageError } from './exit-codes.js';

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

/** What a journal says of each id, the last word winning; `sent` without a final line is `unknown`. */
export type Recorded = Map<string, BulkStatus>;

/**
 * Read line by line (a journal of 100,000 ids is ~26 MB: held whole, it alone would grow the heap by
 * twice that). A line cut by `kill -9` mid-write can only be the last one: it is ignored, and its id
 * counts as not recorded; a bad line followed by another is an error.
 */
export async function readRecord(file: string): Promise<Recorded> {
  const record: Recorded = new Map();
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
      let entry: { id?: unknown; status?: unknown; ok?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        badLine = n;
        continue;
      }
      if (typeof entry.id !== 'string') continue;
      const status =
        entry.status === 'sent'
          ? 'unknown'
          : typeof entry.status === 'string'
            ? (entry.status as BulkStatus)
            : entry.ok === true
              ? 'done'
              : 'failed';
      record.set(entry.id, status);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--resume: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return record;
}
