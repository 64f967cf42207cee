// `npm run conformance`: the conformance suite against the built-in Prism mocks (or, with --live,
// a real API behind a validating Prism proxy), printed as a matrix. Exit 0 only if every case passed.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startVitest } from 'vitest/node';
import { finalLine, MatrixReporter } from './harness/matrix-reporter.js';
import { PrismStartError } from './harness/prism.js';
import { startTargetServers } from './harness/servers.js';
import { apiKeyEnvName, ENV, parseLive, resolveTargets } from './harness/targets.js';
import { REPO_ROOT } from './suite/spec.js';

const USAGE =
  'usage: npm run conformance -- [--vendor <name>]... [--reporter junit --out <file>] [--live <vendor>=<baseUrl>]... [--allow-writes --agent-id <id>]';

function usageError(message: string): never {
  process.stderr.write(`conformance: ${message}\n${USAGE}\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        vendor: { type: 'string', multiple: true },
        reporter: { type: 'string' },
        out: { type: 'string' },
        live: { type: 'string', multiple: true },
        'allow-writes': { type: 'boolean', default: false },
        'agent-id': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    usageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.reporter !== undefined && values.reporter !== 'junit')
    usageError(`unknown reporter "${values.reporter}" (only junit)`);
  if (values.reporter === 'junit' && !values.out) usageError('--reporter junit needs --out <file>');
  if (values['allow-writes'] && !values['agent-id'])
    usageError('--allow-writes needs --agent-id <id> (the agent the write cases act on)');

  const env: Record<string, string> = {};
  if (values.vendor?.length) env[ENV.vendors] = values.vendor.join(',');
  if (values.live?.length) {
    let live: Map<string, string>;
    try {
      live = parseLive(values.live.join(','));
    } catch (err) {
      usageError((err as Error).message);
    }
    for (const vendor of live.keys()) {
      if (!process.env[apiKeyEnvName(vendor)]) {
        usageError(`--live ${vendor} needs its API key in ${apiKeyEnvName(vendor)}`);
      }
    }
    env[ENV.live] = values.live.join(',');
  }
  if (values['allow-writes']) env[ENV.allowWrites] = '1';
  if (values['agent-id']) env[ENV.agentId] = values['agent-id'];
  Object.assign(process.env, env);
  let targets;
  try {
    targets = resolveTargets(process.env);
  } catch (err) {
    usageError((err as Error).message);
  }

  // Started here rather than in vitest's global setup, so that a Prism that cannot start is one
  // clear message instead of an "unhandled error" with a stack.
  let started;
  try {
    started = await startTargetServers(targets);
  } catch (err) {
    if (!(err instanceof PrismStartError)) throw err;
    process.stderr.write(`conformance: could not start the servers; no case ran.\n${err.message}\n`);
    return 1;
  }
  process.env[ENV.servers] = JSON.stringify(Object.fromEntries(started.ready.map((t) => [t.vendor, t.url])));

  const matrix = new MatrixReporter();
  const reporters: any[] = [matrix];
  if (values.reporter === 'junit') reporters.push(['junit', { outputFile: resolve(values.out!) }]);
  let unhandled = 0;
  try {
    const vitest = await startVitest('test', [], {
      root: REPO_ROOT,
      project: ['conformance'],
      watch: false,
      reporters,
    });
    // An error outside any case (a crashed worker, a throw in setup) fails the run too.
    unhandled = vitest.state.getUnhandledErrors().length;
    await vitest.close();
  } finally {
    await Promise.all(started.servers.map((s) => s.stop()));
  }
  const summary = matrix.summary;
  if (!summary || summary.passed + summary.failed === 0) {
    process.stderr.write('conformance: no case ran (see the errors above); fix them and run again\n');
    return 1;
  }
  // Printed after vitest has closed, so that it stays the last line whatever the reporters print.
  process.stdout.write(`${finalLine(summary)}\n`);
  if (unhandled > 0) process.stderr.write(`conformance: ${unhandled} error(s) outside the cases (see above)\n`);
  return summary.failed === 0 && summary.passed > 0 && unhandled === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`conformance: ${(err as Error).message.split('\n')[0]}\n`);
    process.exit(1);
  },
);
