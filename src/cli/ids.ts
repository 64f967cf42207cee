import { readFile } from 'node:fs/promises';
import { UsageError } from './exit-codes.js';

/** One id a line; blank lines and `#` comments skipped; surrounding whitespace (and CR) trimmed. */
export function parseIdLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Ids from the arguments, then from `--ids-file` (`-` = stdin), in that order. */
export async function collectIds(
  args: readonly string[],
  idsFile: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string[]> {
  const ids = [...args];
  if (idsFile !== undefined) {
    let text: string;
    try {
      text = idsFile === '-' ? await readStdin(stdin) : await readFile(idsFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--ids-file: cannot read ${idsFile}${code ? ` (${code})` : ''}`);
    }
    ids.push(...parseIdLines(text));
  }
  if (ids.length === 0)
    throw new UsageError('no ids given: pass them as arguments or with --ids-file <path> (- for stdin)');
  return ids;
}
