import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth, SEMI_SPACE_GROWTH_FACTOR } from '../../src/cli/heap.js';

const GROWING = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
const SEMI = `--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`;

describe('limitHeapGrowth (the CLI process only)', () => {
  it('sets both factors when the user did not', () => {
    const set = vi.fn();
    expect(limitHeapGrowth([], '--max-old-space-size=4096', set)).toEqual([GROWING, SEMI]);
    expect(set.mock.calls).toEqual([[GROWING], [SEMI]]);
  });

  it.each([
    [['--heap-growing-percent=0'], '', [SEMI]],
    [['--heap_growing_percent=300'], '', [SEMI]],
    [[], '--inspect --heap-growing-percent=20', [SEMI]],
    [['--semi-space-growth-factor=2'], '', [GROWING]],
    [[], '--semi_space_growth_factor=4 --heap-growing-percent=20', []],
  ])('leaves a factor set in node flags %j or NODE_OPTIONS %j alone', (execArgv, nodeOptions, expected) => {
    const set = vi.fn();
    expect(limitHeapGrowth(execArgv, nodeOptions, set)).toEqual(expected);
    expect(set.mock.calls.flat()).toEqual(expected);
  });

  it("sets flags this Node's V8 knows (an unknown one would print 'unrecognized flag')", () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toMatch(/^\s+--heap-growing-percent\b/m);
    expect(options).toMatch(/^\s+--semi-space-growth-factor\b/m);
  });

  it('a process that sets them at run time keeps working and prints nothing', () => {
    const script = `import('${new URL('../../src/cli/heap.ts', import.meta.url).href}').then((m) => {
      const set = m.limitHeapGrowth([], '');
      const junk = []; for (let i = 0; i < 2e5; i++) junk.push({ i }); // a few scavenges
      process.stdout.write(JSON.stringify(set));
    })`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([GROWING, SEMI]);
  });
});
