import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from './exit-codes.js';

/** One id a line: surrounding whitespace (and CR) trimmed, a trailing ` # comment` dropped; blank and `#` lines skipped. */
export function parseIdLine(line: string): string | undefined {
  const id = line.replace(/\s+#.*$/, '').trim();
  return id === '' || id.startsWith('#') ? undefined : id;
}

export function parseIdLines(text: string): string[] {
  return text.split('\n').flatMap((line) => parseIdLine(line) ?? []);
}

export interface CollectedIds {
  /** In first-seen order, each once. */
  ids: string[];
  /** How many repeated ids were dropped. */
  duplicates: number;
}

/** Ids from the arguments, then from `--ids-file` (`-` = stdin) read line by line, de-duplicated. */
export async function collectIds(
  args: readonly string[],
  idsFile: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<CollectedIds> {
  const seen = new Set<string>();
  let duplicates = 0;
  const add = (id: string) => {
    if (seen.has(id)) duplicates++;
    else seen.add(id);
  };
  for (const id of args) add(id);
  if (idsFile !== undefined) {
    try {
      const input = idsFile === '-' ? stdin : createReadStream(idsFile, { encoding: 'utf8' });
      for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        const id = parseIdLine(line);
        if (id !== undefined) add(id);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--ids-file: cannot read ${idsFile}${code ? ` (${code})` : ''}`);
    }
  }
  if (seen.size === 0)
    throw new UsageError('no ids given: pass them as arguments or with --ids-file <path> (- for stdin)');
  return { ids: [...seen], duplicates };
}
