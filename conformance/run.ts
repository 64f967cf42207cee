// `npm run conformance`: the conformance suite against the built-in Prism mocks (or, with --live,
// a real API behind a validating Prism proxy), printed as a matrix. Exit 0 only if every case passed.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Reporter, TestModule } from 'vitest/node';
import { PrismMockHost } from './harness/prism.js';
import { conformanceProvider, noFacadeYet } from './harness/providers.js';
import { renderHtml } from './harness/report/html.js';
import { renderJUnit } from './harness/report/junit.js';
import { buildRunReport, finalLine, type RunReport } from './harness/report/model.js';
import { renderTerminal, terminalOptions } from './harness/report/terminal.js';
import { startTargetServers } from './harness/servers.js';
import {
  apiKeyEnvName,
  apiKeysFor,
  ENV,
  parseList,
  parseLive,
  parsePrismTimeout,
  parseScope,
  settingsFromEnv,
} from './harness/settings.js';
import { resolveTargets } from './harness/targets.js';
import type { ConformanceSettings } from './suite/context.js';
import { REPO_ROOT } from './suite/spec.js';

// Every line of the help fits 80 columns (test/cli/cli.integration.test.ts checks each command's --help).
const USAGE = `usage: npm run conformance -- [--vendor <name>]... [--strict-spec]
         [--reporter junit,html,json (--out <file> | --out-dir <dir>)]
         [--live <vendor>=<baseUrl>]... [--allow-writes --agent-id <id>]`;

const HELP = `${USAGE}

Runs every case of every vendor's spec (generated/<vendor>/openapi.yaml)
against a Prism mock (or, with --live, a real API behind a validating Prism
proxy), prints the matrix, ends with "N passed, N failed". Exit 0 only if no
case failed. A case ends passed, failed (ours: client, façade, or a spec we
wrote: info.x-authored-by: agent-lifecycle, located), vendor_spec_defect (a
vendor's published spec, listed with its location), mock_limitation or
not_covered; only failed fails the run unless --strict-spec.

Options:
  --vendor <name>          only this vendor (repeatable)
  --strict-spec            vendor spec defects fail the run too
  --reporter <list>        also write reports: junit, html, json
                           (comma-separated or repeated)
  --out <file>             where to write the report when there is one reporter
  --out-dir <dir>          where to write several reports
                           (conformance.xml/.html/.json)
  --live <vendor>=<url>    run against a live API (key from
                           AGENT_LIFECYCLE_<VENDOR>_API_KEY)
  --allow-writes           live mode: also run the cases that change state
                           (needs --agent-id)
  --agent-id <id>          live mode: the agent the write cases act on
  --prism-timeout <ms>     how long each Prism gets to become ready (default
                           30000; env ${ENV.prismTimeout})
  --scope <ops>            operations to cover besides the façade's:
                           operationIds or "get /path", or all (default: the
                           façade's only; env ${ENV.scope})
  --help                   this text

Terminal: the matrix fits the terminal width (COLUMNS when piped, 80 at least);
colour on a terminal, never with NO_COLOR, always with FORCE_COLOR.

Examples:
  npm run conformance -- --vendor qoder
  npm run conformance -- --reporter junit,html,json --out-dir reports/
  npm run conformance -- --reporter html --out report.html
  AGENT_LIFECYCLE_QODER_API_KEY=… npm run conformance -- \\
    --live qoder=https://api.qoder.com/api/v1/cloud
`;

const REPORTERS = {
  junit: { file: 'conformance.xml', render: renderJUnit },
  html: { file: 'conformance.html', render: renderHtml },
  json: { file: 'conformance.json', render: (r: RunReport) => `${JSON.stringify(r, null, 2)}\n` },
} as const;
type ReporterName = keyof typeof REPORTERS;

/** Keeps vitest's test modules for the report; prints nothing itself. */
class Collector implements Reporter {
  modules: ReadonlyArray<TestModule> = [];
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    this.modules = testModules;
  }
}

function versionOf(pkg: string): string {
  try {
    const require = createRequire(import.meta.url);
    const manifest =
      pkg === 'agent-lifecycle' ? join(REPO_ROOT, 'package.json') : require.resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function usageError(message: string): never {
  process.stderr.write(`conformance: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/**
 * Vendor spec defects, each with every location in full (hard-wrapped, never cut) and its reason cut
 * to the width: the list a team hands to the vendor.
 */
function specDefectLines(report: RunReport, columns: number, strict: boolean): string[] {
  const defects = report.cases.filter((c) => c.outcome === 'vendor_spec_defect');
  if (defects.length === 0) return [];
  const wrap = (text: string, indent: string): string[] => {
    const width = columns - indent.length;
    const lines: string[] = [];
    const more = ' '.repeat(indent.length);
    for (let i = 0; i < text.length; i += width) lines.push((i === 0 ? indent : more) + text.slice(i, i + width));
    return lines;
  };
  const cut = (text: string, indent: string) =>
    indent + (text.length > columns - indent.length ? `${text.slice(0, columns - indent.length - 1)}…` : text);
  const lines = [`vendor spec defects: ${defects.length} (${strict ? 'failing, --strict-spec' : 'not failing'})`];
  for (const c of defects) {
    lines.push(cut(c.id, '  '));
    for (const check of c.checks.filter((k) => k.owner === 'vendor_spec')) {
      for (const location of (check.location ?? c.specLocation ?? '').split(' ').filter(Boolean)) {
        lines.push(...wrap(location, '    at '));
      }
      lines.push(cut(check.reason ?? '', '    '));
    }
  }
  return lines;
}

type Flags = {
  vendor?: string[];
  live?: string[];
  'allow-writes': boolean;
  'agent-id'?: string;
  'strict-spec': boolean;
  'prism-timeout'?: string;
  scope?: string[];
};

/** The environment's settings, with what the flags say instead. */
function settingsFrom(flags: Flags, env: NodeJS.ProcessEnv): ConformanceSettings {
  const fromEnv = settingsFromEnv(env);
  const live = flags.live?.length ? parseLive(flags.live.join(',')) : fromEnv.live;
  return {
    ...fromEnv,
    ...(flags.vendor?.length ? { vendors: parseList(flags.vendor.join(',')) } : {}),
    live,
    apiKeys: apiKeysFor(live, env),
    allowWrites: flags['allow-writes'] || fromEnv.allowWrites,
    ...(flags['agent-id'] ? { agentId: flags['agent-id'] } : {}),
    strictSpec: flags['strict-spec'] || fromEnv.strictSpec,
    ...(flags['prism-timeout'] !== undefined
      ? { prismTimeoutMs: parsePrismTimeout(flags['prism-timeout'], '--prism-timeout') }
      : {}),
    ...(flags.scope?.length ? { scope: parseScope(flags.scope) } : {}),
  };
}

export async function runConformance(argv: string[]): Promise<number> {
  const startedAt = new Date();
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        vendor: { type: 'string', multiple: true },
        reporter: { type: 'string', multiple: true },
        out: { type: 'string' },
        'out-dir': { type: 'string' },
        live: { type: 'string', multiple: true },
        'allow-writes': { type: 'boolean', default: false },
        'agent-id': { type: 'string' },
        'strict-spec': { type: 'boolean', default: false },
        'prism-timeout': { type: 'string' },
        scope: { type: 'string', multiple: true },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    usageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const reporters = [...new Set((values.reporter ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()))];
  for (const r of reporters) {
    if (!Object.hasOwn(REPORTERS, r))
      usageError(`unknown reporter "${r}" (known: ${Object.keys(REPORTERS).join(', ')})`);
  }
  if (reporters.length > 0 && !values.out && !values['out-dir'])
    usageError(`--reporter ${reporters.join(',')} needs --out <file> or --out-dir <dir>`);
  if (values.out && values['out-dir']) usageError('give --out or --out-dir, not both');
  if (values.out && reporters.length !== 1) usageError('--out takes one reporter; use --out-dir <dir> for several');
  if (values['allow-writes'] && !values['agent-id'])
    usageError('--allow-writes needs --agent-id <id> (the agent the write cases act on)');

  let settings: ConformanceSettings;
  let started;
  let vitestNode: Promise<typeof import('vitest/node')> | undefined;
  try {
    settings = settingsFrom(values, process.env);
    for (const vendor of Object.keys(settings.live)) {
      if (!settings.apiKeys[vendor]) usageError(`--live ${vendor} needs its API key in ${apiKeyEnvName(vendor)}`);
    }
    // Started here rather than in vitest's global setup, so that a Prism that cannot start is one
    // clear message instead of an "unhandled error" with a stack.
    const targets = resolveTargets(settings);
    // Prism loads its modules (a second of CPU) in its own process while this one loads vitest and
    // builds the mock documents.
    const mockHost = targets.some((t) => !t.upstream) ? new PrismMockHost() : undefined;
    vitestNode = import('vitest/node');
    vitestNode.catch(() => undefined); // awaited below, where a failure is reported
    started = await startTargetServers(targets, settings, mockHost);
  } catch (err) {
    usageError((err as Error).message);
  }
  // One vendor's mock failing fails that vendor alone; the others still run.
  for (const f of started.failed) process.stderr.write(`conformance: ${f.vendor}: no case ran.\n${f.reason}\n`);
  if (started.ready.length === 0) return 1;

  const collector = new Collector();
  let unhandled = 0;
  try {
    const { startVitest } = await (vitestNode ?? import('vitest/node'));
    const vitest = await startVitest('test', [], {
      root: REPO_ROOT,
      project: ['conformance'],
      watch: false,
      reporters: [collector],
      // The settings and the servers, handed to global setup and the suite as they are.
      provide: {
        conformanceSettings: settings,
        conformanceTargets: started.ready,
        conformanceFailedTargets: started.failed,
      },
    });
    // An error outside any case (a crashed worker, a throw in setup) fails the run too.
    unhandled = vitest.state.getUnhandledErrors().length;
    await vitest.close();
  } finally {
    await Promise.all(started.servers.map((s) => s.stop()));
  }
  const report = buildRunReport(collector.modules, {
    startedAt,
    wallMs: Date.now() - startedAt.getTime(),
    versions: {
      agentLifecycle: versionOf('agent-lifecycle'),
      node: process.version,
      prism: versionOf('@stoplight/prism-cli'),
      vitest: versionOf('vitest'),
    },
    strictSpec: settings.strictSpec,
  });
  const terminal = terminalOptions(process.stdout, process.env);
  process.stdout.write(`${renderTerminal(report, terminal)}\n`);
  for (const name of reporters as ReporterName[]) {
    const file = values.out ? resolve(values.out) : resolve(values['out-dir']!, REPORTERS[name].file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, REPORTERS[name].render(report));
    process.stdout.write(`${name} report: ${file}\n`);
  }
  if (report.totals.cases === 0) {
    process.stderr.write('conformance: no case ran (see the errors above); fix them and run again\n');
    return 1;
  }
  for (const t of started.ready) {
    if (!(await conformanceProvider(t.vendor, settings.fixtureProviders)).facade)
      process.stdout.write(`conformance: ${noFacadeYet(t.vendor)}\n`);
  }
  if (unhandled > 0) process.stderr.write(`conformance: ${unhandled} error(s) outside the cases (see above)\n`);
  const defects = specDefectLines(report, terminal.columns, settings.strictSpec);
  if (defects.length > 0) process.stdout.write(`${defects.join('\n')}\n`);
  // Last, so that it stays the last line whatever else was printed.
  process.stdout.write(`${finalLine(report)}\n`);
  return report.totals.failed === 0 && report.totals.passed > 0 && unhandled === 0 ? 0 : 1;
}

/** The command: runs, then exits with its code (scripts/launch.mjs calls it on a built copy). */
export function main(argv: string[] = process.argv.slice(2)): Promise<never> {
  return runConformance(argv).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`conformance: ${(err as Error).message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}

// Started as `tsx conformance/run.ts` (launch.mjs imports a built copy and calls main itself).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
