// npm run update -- <vendor> [<url-or-file>] [--keep] [--full]
// Pull (when a source is given), regenerate that vendor, type-check what it can reach (--full: the
// whole tree), run that vendor's conformance; one report.
// Exit 0 only when all of it is green; otherwise specs/<vendor> and generated/<vendor> are put back.
//
// npm run update: from a vendor's change to a verified client in one command. Pull (when a source is
// given) and regenerate that vendor, type-check what its change can reach, run that vendor's
// conformance, and print one report: the API drift, the façade impact per bound operation (with the
// provider lines that no longer compile) and the conformance tally. Anything red puts
// specs/<vendor> and generated/<vendor> back as they were, unless --keep.

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printable } from '../src/core/printable.js';
import { changeLines, changesFor, type DriftReport, diffSpecs, reachByOperation } from './pipeline/drift.js';
import { generate } from './pipeline/generation.js';
import { isObject } from './pipeline/json.js';
import { display, repoRoot } from './pipeline/paths.js';
import { formatError, isEntry, PipelineError, runMain } from './pipeline/pipeline-error.js';
import { pull } from './pipeline/pull.js';
import { reachOf } from './pipeline/reach.js';
import { listVendors } from './pipeline/sources.js';
import { checkVendorName } from './pipeline/spec-reader.js';
import { snapshotTree } from './pipeline/tree-snapshot.js';
import { parseYaml } from './pipeline/yaml.js';

const require = createRequire(import.meta.url);

export interface UpdateOptions {
  repoRoot: string;
  vendor: string;
  source?: string | undefined;
  keep?: boolean;
  /** Type-check the whole tree, not only what the vendor's change can reach. @default false */
  full?: boolean;
  /** Progress while it runs (the report comes at the end). */
  progress?: (line: string) => void;
}

export interface UpdateResult {
  ok: boolean;
  /** 0 green, 1 red, 128 + n when interrupted by signal n. */
  exitCode: number;
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
  // Two updates in one tree would each restore the other's half-done change.
  const release = await lock(path.join(opts.repoRoot, '.tmp', 'update.lock'));
  // All of both trees, not only this vendor's (generate rebuilds this vendor alone, but a red update
  // must leave specs/ and generated/ exactly as they were, whatever else a pull touched).
  const snapshot = await snapshotTree([specsDir, outDir]).catch(async (err) => {
    await release();
    throw err;
  });
  const signals = interruptible();
  const lines: string[] = [];
  let ok = false;
  const interrupted = (): UpdateResult => ({
    ok: false,
    exitCode: 128 + (os.constants.signals[signals.received!] ?? 2),
    lines: [
      `update: ${opts.vendor}: interrupted (${signals.received}); specs/ and generated/ ${opts.keep ? 'keep the change (--keep)' : 'are as they were'}`,
    ],
  });
  try {
    const before = await readSpec(builtSpec);
    let notes: string[];
    try {
      const generated = opts.source
        ? (await pull({ specsDir, outDir, vendor: opts.vendor, source: opts.source })).generated
        : await generate({ specsDir, outDir, vendors: [opts.vendor] });
      const prefix = `${opts.vendor}: note: `;
      notes = generated.lines.filter((l) => l.startsWith(prefix)).map((l) => `note: ${l.slice(prefix.length)}`);
    } catch (err) {
      // pull and generate write nothing they cannot take back: there is no change to keep.
      return {
        ok: false,
        exitCode: 1,
        lines: [`${formatError(`update: ${opts.vendor}`, err)}; specs/ and generated/ unchanged`],
      };
    }
    if (signals.received) return interrupted();
    const after = await readSpec(builtSpec);
    const drift = diffSpecs(before, after);
    opts.progress?.(`update: ${opts.vendor}: regenerated; type-check and conformance running side by side…`);

    // Type-check and conformance are independent: run them side by side. The type-check covers what
    // the new generated/<vendor>/schema.d.ts can reach (the files that import it, directly or through
    // others: its provider, entry, type tests), not the whole tree with the fixture vendor's 2.5 MB
    // schema; --full (and CI's `npm run typecheck`) checks everything.
    const tmp = path.join(opts.repoRoot, '.tmp');
    const reach = opts.full ? undefined : await reachOf(opts.repoRoot, `generated/${opts.vendor}/schema.d.ts`);
    const project = reach ? await reachProject(tmp, opts.vendor, reach) : 'tsconfig.json';
    const reportFile = path.join(tmp, `update-conformance-${opts.vendor}.json`);
    await fs.rm(reportFile, { force: true });
    const [typecheck, conformance] = await Promise.all([
      signals.run(
        process.execPath,
        [
          require.resolve('typescript/bin/tsc'),
          ...['-p', project, '--noEmit', '--pretty', 'false'],
          // Incremental: only what changed since the last update is checked again (git-ignored cache).
          ...['--incremental', '--tsBuildInfoFile', path.join(tmp, `update${reach ? '-reach' : ''}.tsbuildinfo`)],
        ],
        opts.repoRoot,
      ),
      signals.run(
        process.execPath,
        [
          require.resolve('tsx/cli'),
          'conformance/run.ts',
          ...['--vendor', opts.vendor, '--reporter', 'json', '--out', reportFile],
        ],
        opts.repoRoot,
        { COLUMNS: '100', NO_COLOR: '1' },
      ),
    ]);
    if (signals.received) return interrupted();
    const diagnostics = parseDiagnostics(typecheck.output, opts.repoRoot);
    const providerFile = `src/providers/${opts.vendor}.ts`;
    // The run's JSON report (conformance/harness/report/model.ts), not its terminal lines.
    const tally = await readTotals(reportFile);

    lines.push(`update: ${opts.vendor}`);
    lines.push('', 'API drift:');
    lines.push(...driftLines(drift), ...notes.map((n) => `  ${n}`));
    lines.push('', 'Façade impact:');
    const bindings = await bindingsOf(opts.repoRoot, opts.vendor);
    const bound = new Set<string>();
    // Every schema each operation reaches, new spec first: a change anywhere there changes it.
    const operationReach = drift.changes.length > 0 ? [reachByOperation(after), reachByOperation(before)] : [];
    let gone = 0;
    for (const [operation, [method, route]] of bindings) {
      const key = `${method.toUpperCase()} ${route}`;
      bound.add(key);
      const changed = changesFor(drift, key, operationReach);
      const impact = impactOf(key, after, changed);
      if (impact === 'gone') gone++;
      lines.push(`  ${operation.padEnd(13)} ${key.padEnd(36)} ${impact}`);
      if (impact !== 'gone') for (const line of changed.slice(0, 5)) lines.push(`      ${line}`);
      if (impact !== 'gone' && changed.length > 5) lines.push(`      … and ${changed.length - 5} more`);
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
      if (others.length > 20) lines.push(`  … and ${others.length - 20} more (npm run typecheck)`);
    }
    const checked = reach ? `${reach.length} files ${opts.vendor}'s change can reach` : 'whole tree';
    lines.push(
      '',
      `Type-check (${checked}): ${typecheck.code === 0 ? 'passed' : `failed (${diagnostics.length} error(s))`}`,
    );
    if (typecheck.code === 124) lines.push(...lastLines(typecheck.output, 1).map((l) => `  ${l}`));
    lines.push(
      `Conformance (${opts.vendor}): ${tally ? `${tally.passed} passed, ${tally.failed} failed` : 'did not run to the end'}`,
    );
    if (conformance.code !== 0) lines.push(...lastLines(conformance.output, 8).map((l) => `  ${l}`));
    // A bound route that is gone is red even if nothing else noticed.
    ok = gone === 0 && typecheck.code === 0 && conformance.code === 0 && tally?.failed === 0;
    if (gone > 0) lines.push(`Façade: ${gone} bound operation(s) gone upstream`);
    lines.push('', `update: ${ok ? 'green' : 'red'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (!ok) lines.push(`update: ${treeNote(opts)}`);
    return { ok, exitCode: ok ? 0 : 1, lines };
  } finally {
    if (!ok && !opts.keep) await snapshot.restore();
    signals.dispose();
    await release();
  }
}

/** An exclusive lock file holding our pid; one left by a process that is gone is taken over. */
async function lock(file: string): Promise<() => Promise<void>> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new PipelineError(
        undefined,
        `another update (pid ${pid}) is running in this tree`,
        `wait for it to finish (if no such process is an update, remove ${display(file)})`,
      );
    }
    await fs.rm(file, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function treeNote(opts: { keep?: boolean }): string {
  return opts.keep
    ? 'specs/ and generated/ keep the change (--keep); fix the provider, or git checkout specs generated'
    : 'specs/ and generated/ are as they were (rerun with --keep to inspect the change)';
}

function driftLines(drift: DriftReport): string[] {
  if (!drift.compared) return ['  (no previous build to compare with)'];
  if (drift.changes.length === 0) return ['  no API changes'];
  return drift.changes.flatMap((c) => changeLines(c));
}

/** `changed`: what changesFor found for the operation (its own, or in a schema it reaches). */
function impactOf(key: string, doc: unknown, changed: string[]): Impact {
  const [method, route] = key.split(' ') as [string, string];
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  const item = paths[route];
  const op = isObject(item) ? item[method.toLowerCase()] : undefined;
  if (!isObject(op)) return 'gone';
  if (op.deprecated === true) return 'deprecated upstream';
  return changed.length > 0 ? 'changed' : 'unchanged';
}

/** The provider's `operations` (façade op -> [method, path]), read from the registry at run time. */
async function bindingsOf(repoRoot: string, vendor: string): Promise<[string, [string, string]][]> {
  // TypeScript source, and this command runs as built JavaScript: tsx's loader for this one import.
  const { tsImport } = await import('tsx/esm/api');
  const registry = await tsImport(
    pathToFileURL(path.join(repoRoot, 'src/providers/registry.ts')).href,
    import.meta.url,
  );
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

/** A tsconfig (in .tmp/) that checks only `files`, with the repo's compiler options. */
async function reachProject(tmp: string, vendor: string, files: string[]): Promise<string> {
  const file = path.join(tmp, `update-${vendor}.tsconfig.json`);
  await fs.mkdir(tmp, { recursive: true });
  const config = { extends: '../tsconfig.json', include: [], files: files.map((f) => `../${f}`) };
  await fs.writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** Case totals from conformance's JSON report; undefined when the run wrote none (it did not finish). */
async function readTotals(file: string): Promise<{ passed: number; failed: number } | undefined> {
  try {
    const report = JSON.parse(await fs.readFile(file, 'utf8')) as { totals?: { passed?: unknown; failed?: unknown } };
    const { passed, failed } = report.totals ?? {};
    return typeof passed === 'number' && typeof failed === 'number' ? { passed, failed } : undefined;
  } catch {
    return undefined;
  }
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

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * While an update runs, Ctrl-C (or SIGTERM, SIGHUP) must not leave a half-updated tree: the signal is
 * recorded, the children are stopped (each in its own process group, so conformance's Prism goes with
 * it even if it must be killed), and update() returns through its restore.
 */
export function interruptible(opts: { childTimeoutMs?: number } = {}) {
  // A child (tsc, conformance with its Prism) that hangs must not hang update: each has a time limit.
  const childTimeoutMs =
    opts.childTimeoutMs ?? (Number(process.env.AGENT_LIFECYCLE_UPDATE_CHILD_TIMEOUT_MS) || 600_000);
  const children = new Set<ChildProcess>();
  let received: (typeof SIGNALS)[number] | undefined;
  const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  const handlers = SIGNALS.map((signal) => {
    const handler = (): void => {
      received ??= signal;
      for (const child of children) {
        killGroup(child, 'SIGTERM');
        setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get received() {
      return received;
    },
    run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
      return new Promise<{ code: number; output: string }>((resolve) => {
        if (received) return resolve({ code: 1, output: `not started: ${received}` });
        const child = spawn(command, args, {
          cwd,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        children.add(child);
        let output = '';
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          killGroup(child, 'SIGTERM');
          setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
        }, childTimeoutMs);
        timer.unref();
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', (err) => resolve({ code: 1, output: `${output}\n${err.message}` }));
        child.on('close', (code) => {
          clearTimeout(timer);
          children.delete(child);
          if (timedOut) {
            const what = path.basename(args[0] ?? command);
            const line = `${what} did not finish within ${childTimeoutMs} ms and was stopped: raise AGENT_LIFECYCLE_UPDATE_CHILD_TIMEOUT_MS`;
            return resolve({ code: 124, output: `${output}\n${line}` });
          }
          // Interrupted: whatever the child started and left (Prism) goes with its group now.
          if (received) killGroup(child, 'SIGKILL');
          resolve({ code: code ?? 1, output });
        });
      });
    },
    dispose() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

const usage = 'usage: npm run update -- <vendor> [<url-or-file>] [--keep] [--full]';

/** The command: parses process.argv, prints, sets the exit code. */
export const main = (): Promise<void> =>
  runMain('update', async () => {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse();
    } catch (err) {
      throw new PipelineError(undefined, (err as Error).message, usage);
    }
    const [vendor, source, ...extra] = parsed.positionals;
    if (!vendor || extra.length > 0)
      throw new PipelineError(undefined, 'expected a vendor and at most one source', usage);
    checkVendorName(vendor);
    const vendors = await listVendors(`${repoRoot}/specs`);
    if (!vendors.includes(vendor))
      throw new PipelineError(undefined, `unknown vendor '${vendor}' (known: ${vendors.join(', ')})`, usage);
    const result = await update({
      repoRoot,
      vendor,
      source,
      keep: parsed.values.keep ?? false,
      full: parsed.values.full ?? false,
      progress: (line) => console.log(line),
    });
    // The report quotes the vendor's spec (drift lines, operationIds): escaped before the terminal.
    for (const line of result.lines) (result.ok ? console.log : console.error)(printable(line));
    return result.exitCode;
  });

// Started as `tsx scripts/update.ts` (launch.mjs imports a built copy and calls main itself).
if (isEntry(import.meta.url)) await main();

function parse() {
  return parseArgs({ options: { keep: { type: 'boolean' }, full: { type: 'boolean' } }, allowPositionals: true });
}
