import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/cli/heap.js';

describe('limitHeapGrowth (the CLI process only)', () => {
  it('sets the growth factor when the user did not', () => {
    const set = vi.fn();
    expect(limitHeapGrowth([], '--max-old-space-size=4096', set)).toBe(true);
    expect(set).toHaveBeenCalledWith(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it.each([
    [['--heap-growing-percent=0'], ''],
    [['--heap_growing_percent=300'], ''],
    [[], '--inspect --heap-growing-percent=20'],
  ])('leaves a factor set in node flags %j or NODE_OPTIONS %j alone', (execArgv, nodeOptions) => {
    const set = vi.fn();
    expect(limitHeapGrowth(execArgv, nodeOptions, set)).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });

  it("is a flag this Node's V8 knows (an unknown one would print 'unrecognized flag')", () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toMatch(/^\s+--heap-growing-percent\b/m);
  });
});
