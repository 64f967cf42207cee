import { createInterface } from 'node:readline/promises';

/** Asks on stderr, reads one line from stdin; only "y" or "yes" means yes (EOF means no). */
export async function confirm(
  question: string,
  stdin: NodeJS.ReadStream = process.stdin,
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<boolean> {
  const rl = createInterface({ input: stdin, output: stderr, terminal: true });
  const eof = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), eof]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
