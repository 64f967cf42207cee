// Small checks shared by the client's, the calls' and the batches' option validation: one typed error,
// one message shape.
import { InvalidInputError } from '../core/errors.js';

// C0, DEL and C1 controls: never valid in an id, and a CR/LF could smuggle a header or log line.
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Throws InvalidInputError(`message`) unless `ok`; `option` names the option it is about. */
export function ensure(ok: unknown, message: string, option?: string): asserts ok {
  if (!ok) throw new InvalidInputError(message, option ? { option } : {});
}

export const isCount = (n: unknown, min: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min;

/** A non-null object (not a function). */
export const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;

/** An optional option of one `typeof`: `<name> must be a <type>`. */
export function optional(value: unknown, type: 'function' | 'boolean', name: string): void {
  ensure(value === undefined || typeof value === type, `${name} must be a ${type}`, name);
}
