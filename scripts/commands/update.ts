// npm run update: from a vendor's change to a verified client in one command. Pull (when a source is
// given) and regenerate, type-check, run that vendor's conformance, and print one report: the API
// drift, the façade impact per bound operation (with the provider lines that no longer compile) and
// the conformance tally. Anything red puts specs/<vendor> and generated/<vendor> back as they were,
// unless --keep.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type DriftReport, diffSpecs } from '../pipeline/drift.js';
import { display } from '../pipeline/paths.js';
import { formatError } from '../pipeline/pipeline-error.js';
import { isObject } from '../pipeline/util.js';
import { parseYaml } from '../pipeline/yaml.js';
import { generate } from './generation-pass.js';
import { pull } from './pull.js';

const require = createRequire(import.meta.url);

export interface UpdateOptions {
  repoRoot: string;
  vendor: string;
  source?: string | undefined;
  keep?: boolean;
}

export interface UpdateResult {
  ok: boolean;
  lines: string[];
}

/** A façade operation's fate after the change. */
type Impact = 'unchanged' | 'changed' | 'deprecated upstream' | 'gone';

interface Diagnostic {
  file: string;
  line: number;
  text: string;
}

export async function update(opts: UpdateOptions): Promise<UpdateResult> {
  const started = performance.now();
  const specsDir = path.join(opts.repoRoot, 'specs');
  const outDir = path.join(opts.repoRoot, 'generated');
  const builtSpec = path.join(outDir, opts.vendor, 'openapi.yaml');
  const backup = await backupDirs([path.join(specsDir, opts.vendor), path.join(outDir, opts.vendor)]);
  const lines: string[] = [];
  let ok = false;
  try {
    const before = await readSpec(builtSpec);
    try {
      if (opts.source) await pull({ specsDir, outDir, vendor: opts.vendor, source: opts.source });
      else await generate({ specsDir, outDir });
    } catch (err) {
      lines.push(formatError(`update: ${opts.vendor}: the spec did not build`, err));
      return { ok: false, lines: [...lines, restoredLine(opts)] };
    }
    const after = await readSpec(builtSpec);
    const drift = diffSpecs(before, after);

    // Type-check and conformance are independent: run them side by side.
    const [typecheck, conformance] = await Promise.all([
      run(
        process.execPath,
        [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'],
        opts.repoRoot,
      ),
      run(
        process.execPath,
        [require.resolve('tsx/cli'), 'conformance/run.ts', '--vendor', opts.vendor],
        opts.repoRoot,
        {
          COLUMNS: '100',
          NO_COLOR: '1',
        },
      ),
    ]);
    const diagnostics = parseDiagnostics(typecheck.output, opts.repoRoot);
    const providerFile = `src/providers/${opts.vendor}.ts`;
    // The run's last line is the case tally (`89 passed, 0 failed`); earlier lines count checks.
    const tally = [...conformance.output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);

    lines.push(`update: ${opts.vendor}`);
    lines.push('', 'API drift:');
    lines.push(...driftLines(drift));
    lines.push('', 'Façade impact:');
    const bindings = await bindingsOf(opts.repoRoot, opts.vendor);
    const bound = new Set<string>();
    for (const [operation, [method, route]] of bindings) {
      const key = `${method.toUpperCase()} ${route}`;
      bound.add(key);
      const impact = impactOf(key, after, drift);
      lines.push(`  ${operation.padEnd(13)} ${key.padEnd(36)} ${impact}`);
    }
    for (const d of diagnostics.filter((d) => d.file === providerFile))
      lines.push(`  ✗ ${d.file}:${d.line}: ${d.text}  (no longer compiles)`);
    const added = drift.changes.filter(
      (c) => c.kind === 'operation' && c.change === 'added' && !bound.has(c.operation),
    );
    for (const c of added) lines.push(`  + ${c.operation}: new, not covered by the façade`);
    const others = diagnostics.filter((d) => d.file !== providerFile);
    if (others.length > 0) {
      lines.push('', `Type-check: ${others.length} other error(s):`);
      for (const d of others.slice(0, 20)) lines.push(`  ${d.file}:${d.line}: ${d.text}`);
    }
    lines.push('', `Type-check: ${typecheck.code === 0 ? 'passed' : `failed (${diagnostics.length} error(s))`}`);
    lines.push(
      `Conformance (${opts.vendor}): ${tally ? `${tally[1]} passed, ${tally[2]} failed` : 'did not run to the end'}`,
    );
    if (conformance.code !== 0) lines.push(...lastLines(conformance.output, 8).map((l) => `  ${l}`));
    ok = typecheck.code === 0 && conformance.code === 0 && tally?.[2] === '0';
    lines.push('', `update: ${ok ? 'green' : 'red'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (!ok) lines.push(restoredLine(opts));
    return { ok, lines };
  } finally {
    if (!ok && !opts.keep) await backup.restore();
    await backup.discard();
  }
}

function restoredLine(opts: UpdateOptions): string {
  return opts.keep
    ? `update: --keep: specs/${opts.vendor} and generated/${opts.vendor} keep the change; fix the provider, or git checkout them`
    : `update: specs/${opts.vendor} and generated/${opts.vendor} are as they were (rerun with --keep to inspect the change)`;
}

function driftLines(drift: DriftReport): string[] {
  if (!drift.compared) return ['  (no previous build to compare with)'];
  if (drift.changes.length === 0) return ['  no API changes'];
  return drift.changes.map((c) => `  ${c.text}`);
}

function impactOf(key: string, doc: unknown, drift: DriftReport): Impact {
  const [method, route] = key.split(' ') as [string, string];
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  const item = paths[route];
  const op = isObject(item) ? item[method.toLowerCase()] : undefined;
  if (!isObject(op)) return 'gone';
  if (op.deprecated === true) return 'deprecated upstream';
  return drift.changes.some((c) => c.operation === key) ? 'changed' : 'unchanged';
}

/** The provider's `operations` (façade op -> [method, path]), read from the registry at run time. */
async function bindingsOf(repoRoot: string, vendor: string): Promise<[string, [string, string]][]> {
  const registry = await import(path.join(repoRoot, 'src/providers/registry.ts'));
  const provider = registry.providers?.[vendor];
  if (!provider) return [];
  return Object.entries(provider.operations as Record<string, [string, string]>);
}

/** `src/providers/qoder.ts(95,56): error TS2339: …` -> one diagnostic. */
function parseDiagnostics(output: string, repoRoot: string): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  for (const m of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)) {
    const file = path.relative(repoRoot, path.resolve(repoRoot, m[1]!)).split(path.sep).join('/');
    // Type literals in messages run to kilobytes: keep their name-bearing start.
    const text = m[3]!.replace(/'\{[^']{40,}'/g, "'{…}'");
    out.set(`${file}:${m[2]}:${text}`, { file, line: Number(m[2]), text });
  }
  return [...out.values()];
}

function lastLines(text: string, n: number): string[] {
  return text.trimEnd().split('\n').slice(-n);
}

async function readSpec(file: string): Promise<unknown> {
  try {
    return parseYaml(await fs.readFile(file, 'utf8'), display(file));
  } catch {
    return undefined;
  }
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => resolve({ code: 1, output: `${output}\n${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Copies of whole directories, put back exactly (files added since are removed). */
async function backupDirs(dirs: string[]) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'al-update-'));
  const saved = await Promise.all(
    dirs.map(async (dir, i) => {
      const copy = path.join(root, String(i));
      const exists = await fs.stat(dir).then(
        () => true,
        () => false,
      );
      if (exists) await fs.cp(dir, copy, { recursive: true, preserveTimestamps: true });
      return { dir, copy, exists };
    }),
  );
  return {
    async restore() {
      for (const { dir, copy, exists } of saved) {
        await fs.rm(dir, { recursive: true, force: true });
        if (exists) await fs.cp(copy, dir, { recursive: true, preserveTimestamps: true });
      }
    },
    discard: () => fs.rm(root, { recursive: true, force: true }),
  };
}
