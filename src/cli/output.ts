import { oneLine, printable as printableText } from '../core/printable.js';
import { createRedactor } from '../internal/redaction.js';

/**
 * All printing goes through here so that one redactor scrubs the API key from every line, whatever a
 * server echoed. Lines are written whole: stdout stays one record per line for scripts.
 *
 * stdout carries results only; notes, summaries and progress go to stderr. A reader that goes away
 * (`| head -1`: EPIPE on the next write) is not a crash: later lines are dropped, and whoever listens
 * (a batch) is told, to stop as it would on SIGTERM.
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** Forget nothing: set once the key is known. */
  setSecret(secret: string): void;
  /** Set once stdout failed: the error's code (`EPIPE` when the reader closed the pipe). */
  readonly stdoutGone: string | undefined;
  /** Calls `listener` once when stdout fails (at once if it already has); returns the unsubscribe. */
  onStdoutGone(listener: (code: string) => void): () => void;
}

export function createOutput(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  let redact = (s: string) => s;
  let stdoutGone: string | undefined;
  let stderrGone = false;
  const listeners = new Set<(code: string) => void>();
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (stdoutGone !== undefined) return;
    stdoutGone = error.code ?? 'EIO';
    for (const listener of [...listeners]) listener(stdoutGone);
  });
  // A closed stderr only loses notes: never a reason to crash or to stop.
  stderr.on('error', () => {
    stderrGone = true;
  });
  return {
    out: (line) => {
      if (stdoutGone === undefined) stdout.write(`${redact(line)}\n`);
    },
    err: (line) => {
      if (!stderrGone) stderr.write(`${redact(line)}\n`);
    },
    setSecret(secret) {
      const scrub = createRedactor(secret);
      redact = (s) => scrub(s);
    },
    get stdoutGone() {
      return stdoutGone;
    },
    onStdoutGone(listener) {
      if (stdoutGone !== undefined) {
        listener(stdoutGone);
        return () => undefined;
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** `agent-lifecycle: <message>` on one line. */
export function errorLine(message: string): string {
  return `agent-lifecycle: ${oneLine(message)}`;
}

// C0/C1 controls in an id (from a file) must not drive the terminal.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** An id as printed in human output: as is, or JSON-quoted when it holds control characters or spaces. */
export function printable(id: string): string {
  return id === '' || CONTROL.test(id) || /\s/.test(id) ? JSON.stringify(id) : id;
}

/**
 * The fields of an error worth showing, never headers or bodies (they could carry anything a server
 * sent). The caller's redactor still runs over the whole line.
 */
export function serializeError(error: Error): Record<string, unknown> {
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { name: error.name, message: oneLine(error.message) };
  for (const key of [
    'status',
    'code',
    'vendorCode',
    'vendorMessage',
    'requestId',
    'retryAfterMs',
    'operation',
  ] as const) {
    if (e[key] !== undefined) out[key] = e[key];
  }
  return out;
}

export function describeError(error: Error): string {
  // The message may quote a vendor's error text: escaped, so it cannot drive the terminal.
  return `${printableText(error.name)}: ${printableText(oneLine(error.message))}`;
}
