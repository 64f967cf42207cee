// Small checks shared by the client's and the batches' option validation: one typed error, one message.
import { InvalidInputError } from '../core/errors.js';

// C0, DEL and C1 controls: never valid in an id, and a CR/LF could smuggle a header or log line.
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Throws InvalidInputError(`message`) unless `ok`. */
export function ensure(ok: unknown, message: string): asserts ok {
  if (!ok) throw new InvalidInputError(message);
}

export const isCount = (n: unknown, min: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min;
