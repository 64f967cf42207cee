// The batch journal: one JSON line per event, appended and written through (writeSync) as it happens,
// so that even `kill -9` leaves an exact record. A `sent` line precedes each request; a final line
// (`done`, `failed`, `not_sent`, `unknown`) follows it. `--resume` reads a journal, or `--json` output.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { BulkStatus } from '../client/types.js';
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

export function readRecord(file: string): Recorded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--resume: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const record: Recorded = new Map();
  const lines = text.split('\n');
  let lastLine = lines.length - 1;
  while (lastLine > 0 && lines[lastLine]!.trim() === '') lastLine--;
  for (const [n, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let entry: { id?: unknown; status?: unknown; ok?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      // A line cut by kill -9 mid-write is the last one: ignore it, the id counts as not recorded.
      if (n === lastLine) continue;
      throw new UsageError(`--resume: ${file}:${n + 1} is not a JSON line (give a --journal file or --json output)`);
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
  return record;
}
