/** Exit codes: 0 all succeeded, 1 something failed, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** The reader of stdout went away (EPIPE): 128 + SIGPIPE, as a shell shows a process it killed. */
export const EXIT_SIGPIPE = 141;

/** A mistake in how the tool was called: printed as one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Something the user must fix outside the command line (missing checkout...): one line, exit 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}
