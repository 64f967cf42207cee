import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startFakeApi } from '../helpers/fake-api.js';
import { runCli, runInPty } from '../helpers/run-cli.js';

let api: Awaited<ReturnType<typeof startFakeApi>>;
let onRequest: (id: string) => void = () => undefined;
const terminals: Array<{ kill(): void }> = [];

beforeAll(async () => {
  // A little latency so the bar has something to draw between start and end.
  api = await startFakeApi({ delayMs: 5, onRequest: (id) => onRequest(id) });
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => {
  api.requests.length = 0;
});
afterEach(() => {
  for (const t of terminals.splice(0)) t.kill();
});

function pty(args: string[]) {
  const term = runInPty(args);
  terminals.push(term);
  return term;
}

const ayra = () => ['--provider', 'ayra', '--base-url', api.url];
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

it('draws a progress bar on a terminal, and none when piped', async () => {
  const term = pty(['archive', ...ayra(), ...ids(40)]);
  expect(await term.exit()).toBe(0);
  // cli-progress's shades_classic bar, at its final state.
  expect(term.output).toMatch(/archive [\u2588\u2591]{10,} 40\/40 ids \| 0 failed/);
  expect(term.output).toMatch(/archive: 40 done of 40 ids/);

  const piped = await runCli(['archive', ...ayra(), ...ids(40)]);
  expect(piped.code).toBe(0);
  expect(piped.stderr).not.toMatch(/[\u2588\u2591]|ids \|/);
});

it('asks before deleting several agents; "y" deletes them', async () => {
  const term = pty(['delete', ...ayra(), 'd1', 'd2', 'd3']);
  // The count, the ids and the base URL, before anything is sent.
  await term.waitFor(
    /Permanently delete 3 ayra agent\(s\) at http:\/\/127\.0\.0\.1:\d+ \(d1, d2, d3\)\? This cannot be undone\. \[y\/N\] /,
  );
  // Nothing goes out while the question is open.
  expect(api.requests).toHaveLength(0);
  term.write('y\r');
  expect(await term.exit()).toBe(0);
  expect(api.requests.map((s) => `${s.method} ${s.url}`).sort()).toEqual([
    'DELETE /agents/d1',
    'DELETE /agents/d2',
    'DELETE /agents/d3',
  ]);
});

it('asks before deleting several agents; "n" sends nothing and exits 1', async () => {
  const term = pty(['delete', ...ayra(), 'd1', 'd2']);
  await term.waitFor(/\[y\/N\] /);
  term.write('n\r');
  expect(await term.exit()).toBe(1);
  expect(term.output).toMatch(/delete cancelled: nothing was sent/);
  expect(api.requests).toHaveLength(0);
});

it('--yes skips the question on a terminal', async () => {
  const term = pty(['delete', ...ayra(), '--yes', 'd1', 'd2']);
  expect(await term.exit()).toBe(0);
  expect(term.output).not.toMatch(/\[y\/N\]/);
  expect(api.requests).toHaveLength(2);
});

it('asks before deleting a single agent on a terminal too', async () => {
  const term = pty(['delete', ...ayra(), 'solo']);
  await term.waitFor(/Permanently delete 1 ayra agent\(s\) at http:\/\/127\.0\.0\.1:\d+ \(solo\)\? .*\[y\/N\] /);
  term.write('n\r');
  expect(await term.exit()).toBe(1);
  expect(api.requests).toHaveLength(0);
});

it('first Ctrl-C stops sending new ids, the second aborts the one in flight; exit 130', async () => {
  const hanging = new Promise<void>((resolve) => {
    onRequest = (id) => id === 'hang_1' && resolve();
  });
  const term = pty(['archive', ...ayra(), '--concurrency', '1', 'ok_1', 'hang_1', 'later_1', 'later_2']);
  await hanging;
  term.write('\x03');
  await term.waitFor(/SIGINT: sending no new ids; waiting up to 10 s for the requests in flight \(Ctrl-C again/);
  term.write('\x03');
  expect(await term.exit()).toBe(130);
  expect(term.output).toMatch(/done +ok_1 +archived/);
  expect(term.output).toMatch(/unknown +hang_1 +AbortError/);
  // The two ids never sent collapse into one line, which names the stop.
  expect(term.output).toMatch(/not sent +2 ids \(later_1 … later_2\) +AbortError: not sent: stopped by SIGINT/);
  expect(term.output).toMatch(/archive: 1 done, 2 not sent, 1 unknown of 4 ids/);
  expect(api.requests.map((s) => s.url)).toEqual(['/agents/ok_1', '/agents/hang_1']);
});
