// Expected failures carry a location and a remedy so every script can print exactly one line
// (`<script>: <file>:<line>:<col>: <what failed> — <what to do>`) instead of a stack trace.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { oneLine as joinLines, printable } from '../../src/core/printable.js';

export interface Where {
  file: string;
  line?: number; // 1-based
  col?: number; // 1-based
}

export class PipelineError extends Error {
  readonly where: Where | undefined;
  readonly fix: string;

  constructor(where: Where | undefined, what: string, fix: string) {
    super(what);
    this.name = 'PipelineError';
    this.where = where;
    this.fix = fix;
  }
}

export function formatWhere(where: Where | undefined): string {
  if (!where) return '';
  let s = where.file;
  if (where.line !== undefined) s += `:${where.line}`;
  if (where.line !== undefined && where.col !== undefined) s += `:${where.col}`;
  return `${s}: `;
}

/** One line, no newlines inside: messages from libraries sometimes span several. */
export function formatError(prefix: string, err: unknown): string {
  if (err instanceof PipelineError) {
    return oneLine(`${prefix}: ${formatWhere(err.where)}${err.message} — ${err.fix}`);
  }
  // Unexpected: still one line, but say it is a bug so nobody hunts for a spec mistake.
  const msg = err instanceof Error ? err.message : String(err);
  return oneLine(`${prefix}: internal error: ${msg} — this is a bug in scripts/; rerun with DEBUG=1 for the stack`);
}

function oneLine(s: string): string {
  // Messages quote the vendor's text ($refs, names): escaped so it cannot drive the terminal.
  return printable(joinLines(s));
}

/** Runs a CLI main, printing one line and exiting 1 on failure. */
// biome-ignore lint/suspicious/noConfusingVoidType: a main may return nothing or an exit code
export async function runMain(prefix: string, main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    console.error(formatError(prefix, err));
    if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
    process.exitCode = 1;
  }
}

/**
 * True when the module at `moduleUrl` is the script node started (`tsx scripts/update.ts`), false
 * when a test imports it or `launch.mjs` runs a built copy (which then calls its `main` itself).
 */
export function isEntry(moduleUrl: string): boolean {
  const started = process.argv[1];
  return started !== undefined && moduleUrl === pathToFileURL(path.resolve(started)).href;
}
