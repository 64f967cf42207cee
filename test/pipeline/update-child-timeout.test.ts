// update's children (tsc, conformance with its Prism) run under a time limit: a hung child ends the
// update with a one-line reason instead of hanging it.
import { describe, expect, test } from 'vitest';
import { interruptible } from '../../scripts/update.js';

describe('update: child processes are bounded', () => {
  test('a child that never ends is stopped at the limit, with a line that says what to do', async () => {
    const signals = interruptible({ childTimeoutMs: 300 });
    try {
      const hang = await signals.run(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], process.cwd());
      expect(hang.code).toBe(124);
      expect(hang.output).toMatch(
        /did not finish within 300 ms and was stopped: raise AGENT_LIFECYCLE_UPDATE_CHILD_TIMEOUT_MS/,
      );
    } finally {
      signals.dispose();
    }
  });

  test('a child that ends in time keeps its own exit code and output', async () => {
    const signals = interruptible({ childTimeoutMs: 30_000 });
    try {
      const done = await signals.run(process.execPath, ['-e', 'console.log("hi"); process.exit(3)'], process.cwd());
      expect(done).toEqual({ code: 3, output: 'hi\n' });
    } finally {
      signals.dispose();
    }
  });
});
