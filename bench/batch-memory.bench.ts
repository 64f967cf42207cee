// The built CLI archiving 10,000 and 100,000 ids against a loopback server, each in a child process:
// peak RSS (sampled by a preload every 100 ms), live heap after a final GC, listener warnings (must
// be 0) and wall time. Builds dist/ first.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZES = [10_000, 100_000] as const;
const PRELOAD = `
let peak = 0;
const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100); t.unref();
process.on('exit', () => {
  global.gc?.();
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stderr.write('MEM ' + JSON.stringify({ peakRssMb: peak / 1e6, heapAfterGcMb: process.memoryUsage().heapUsed / 1e6 }) + '\\n');
});`;

export async function run(): Promise<Record<string, unknown>> {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const dir = mkdtempSync(path.join(tmpdir(), 'al-bench-mem-'));
  const preload = path.join(dir, 'mem.cjs');
  writeFileSync(preload, PRELOAD);
  const server = createServer((req, res) => {
    const body = JSON.stringify({ id: (req.url ?? '').split('/').pop(), name: 'a', status: 'archived' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const figures: Record<string, unknown> = {};
  try {
    for (const n of SIZES) {
      const ids = path.join(dir, `ids-${n}.txt`);
      writeFileSync(ids, Array.from({ length: n }, (_, i) => `m${i}`).join('\n'));
      const args = ['archive', '--provider', 'ayra', '--base-url', url, '--ids-file', ids, '--concurrency', '16'];
      const started = performance.now();
      const stderr = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--expose-gc', '-r', preload, path.join(ROOT, 'dist/cli.js'), ...args], {
          env: { ...process.env, AGENT_LIFECYCLE_AYRA_API_KEY: 'k' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('error', reject);
        child.on('close', () => resolve(err));
      });
      const seconds = (performance.now() - started) / 1000;
      const mem = JSON.parse(/^MEM (.*)$/m.exec(stderr)?.[1] ?? '{}') as { peakRssMb?: number; heapAfterGcMb?: number };
      const warnings = (stderr.match(/MaxListenersExceededWarning/g) ?? []).length;
      const done = /archive: (\d+) done of (\d+) ids/.exec(stderr)?.[1];
      figures[String(n)] = {
        peakRssMb: Math.round(mem.peakRssMb ?? Number.NaN),
        heapAfterGcMb: Number((mem.heapAfterGcMb ?? Number.NaN).toFixed(1)),
        listenerWarnings: warnings,
        done: Number(done),
        seconds: Number(seconds.toFixed(1)),
      };
      const f = figures[String(n)] as Record<string, number>;
      console.log(
        `CLI archive, ${n} ids (c16, loopback): peak RSS ${f.peakRssMb} MB, heap after GC ${f.heapAfterGcMb} MB, ` +
          `${f.listenerWarnings} listener warnings, ${f.done} done, ${f.seconds} s`,
      );
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
