// Everything a user might print of an error or hand to a log, as text, so a test can grep it for the key.
import { inspect } from 'node:util';

export const KEY = 'sk_live_SECRET_canary_123';
/** A distinctive middle part: catches a key that was cut (truncation) as well as a whole one. */
export const KEY_CORE = 'SECRET_canary';

const deep = (value: unknown) =>
  inspect(value, { depth: 10, showHidden: true, maxStringLength: Infinity, maxArrayLength: Infinity });

/** message, String(), JSON.stringify, util.inspect (hidden too), stack, and every cause down the chain. */
export function errorSurfaces(error: unknown): Record<string, string> {
  const err = error as Error & { cause?: unknown };
  const out: Record<string, string> = {
    message: String(err.message),
    string: String(err),
    json: JSON.stringify(err) ?? '',
    inspect: deep(err),
    stack: String(err.stack),
  };
  let cause = err.cause;
  for (let i = 0; cause !== undefined && i < 10; i++) {
    out[`cause[${i}]`] = `${deep(cause)}\n${String((cause as Error)?.stack)}\n${String(cause)}`;
    cause = (cause as { cause?: unknown })?.cause;
  }
  return out;
}

/** The surfaces (by name) that contain `secret`. */
export function leakingSurfaces(surfaces: Record<string, string>, secret: string): string[] {
  return Object.entries(surfaces)
    .filter(([, text]) => text.includes(secret))
    .map(([name]) => name);
}

/** A console-compatible logger that keeps every call, rendered as deeply as inspect goes. */
export function recordingLogger() {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push(`${level} ${args.map(deep).join(' ')}`);
  return {
    logger: { debug: record('debug'), warn: record('warn'), info: record('info'), error: record('error') },
    lines,
  };
}
