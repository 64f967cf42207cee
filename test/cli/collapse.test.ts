import { describe, expect, it } from 'vitest';
import { createCollapser } from '../../src/cli/collapse.js';

describe('createCollapser', () => {
  it('prints consecutive identical failures as one line with a count; successes and lone failures as is', () => {
    const printed: string[] = [];
    const c = createCollapser((line) => printed.push(line));
    c.push('done', 'a', 'archived', false);
    c.push('done', 'b', 'archived', false);
    c.push('failed', 'c', 'NotFoundError: c', true);
    c.push('not sent', 'd', 'AbortError: not sent: 401', true);
    c.push('not sent', 'e', 'AbortError: not sent: 401', true);
    c.push('not sent', 'f', 'AbortError: not sent: 401', true);
    c.push('not sent', 'g', 'AbortError: not sent: other', true);
    // Held until something else comes, or the flush.
    expect(printed).toHaveLength(4);
    c.flush();
    c.flush();
    expect(printed).toEqual([
      'done      a  archived',
      'done      b  archived',
      'failed    c  NotFoundError: c',
      'not sent  3 ids (d … f)  AbortError: not sent: 401',
      'not sent  g  AbortError: not sent: other',
    ]);
  });
});
