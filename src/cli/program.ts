import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { type ProviderName, providers } from '../providers/registry.js';
import { rejectKeyFlag } from './api-key.js';
import { type BatchOperation, runBatchCommand } from './commands/batch.js';
import { inCheckout, runConformance } from './commands/conformance.js';
import { runDiscardDraft, runGet, runList } from './commands/single.js';
import { CliFailure, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes.js';
import { errorLine, type Output } from './output.js';

/** From the registry, so a new vendor shows up in --help and in --provider's choices with no change here. */
const PROVIDERS = Object.keys(providers) as ProviderName[];

function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`${flag} must be an integer >= 0`);
    return n;
  };
}

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError(`${flag} must be a number > 0`);
    return n;
  };
}

/** Requests per second: `200` or `200/s`. */
function perSecond(flag: string) {
  return (value: string): number => {
    const n = Number(value.replace(/\/s$/, ''));
    if (!/^\d+(\.\d+)?(\/s)?$/.test(value) || !(n > 0))
      throw new InvalidArgumentError(`${flag} must be requests per second > 0 (e.g. 200 or 200/s)`);
    return n;
  };
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} must be an integer >= 1`);
    return n;
  };
}

/** Options every API command shares. */
function withConnection(command: Command): Command {
  return command
    .addOption(new Option('--provider <name>', 'vendor').choices(PROVIDERS).makeOptionMandatory())
    .option(
      '--api-key-env <NAME>',
      'environment variable holding the API key (default AGENT_LIFECYCLE_<PROVIDER>_API_KEY)',
    )
    .option('--base-url <url>', 'API base URL (a mock or a proxy); http:// only for loopback')
    .option('--json', 'one JSON object per line on stdout')
    .option('--dry-run', 'print the requests that would be sent, and send nothing')
    .option('--timeout <ms>', 'per-attempt timeout in milliseconds (default 30000)', positiveInteger('--timeout'))
    .option('--max-retries <n>', 'retries after the first attempt (default 2)', nonNegativeInteger('--max-retries'))
    .option('--allow-insecure-http', 'allow http:// to a non-loopback host (the key travels in clear)')
    .option('--verbose', 'log each request and retry on stderr (the key masked)');
}

// Paragraphs, wrapped to the help width when printed (see helpWidth).
const HELP_FOOTER = `
The API key is read from the environment only (AGENT_LIFECYCLE_<PROVIDER>_API_KEY, or the variable named by --api-key-env), never from a flag: flag values end up in shell history.

stdout carries results only (one JSON object per id or agent with --json); notes, progress and the summary go to stderr (with --json the summary is its last line, as JSON).

Exit codes: 0 all succeeded, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C), 141 stdout closed (EPIPE), 143 terminated (SIGTERM). A batch stopped by a signal or a closed stdout finishes its in-flight requests first (--grace seconds).`;

/** Help never wider than 80 columns, nor than the terminal; wrapped, not cut. */
const MAX_HELP_WIDTH = 80;
function helpWidth(stream: NodeJS.WriteStream): number {
  return Math.min(stream.isTTY && stream.columns ? stream.columns : MAX_HELP_WIDTH, MAX_HELP_WIDTH);
}

/** `checkout`: list the conformance command (a checkout has the suite; the published package does not). */
export function buildProgram(output: Output, setExit: (code: number) => void, checkout = inCheckout()): Command {
  const program = new Command('agent-lifecycle')
    .description(`Archive, unarchive, delete and inspect AI agents across vendors (${PROVIDERS.join(', ')}).`)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void process.stdout.write(s),
      writeErr: (s) => void process.stderr.write(s),
      // Printed by run() as one line, with a hint.
      outputError: () => undefined,
      getOutHelpWidth: () => helpWidth(process.stdout),
      getErrHelpWidth: () => helpWidth(process.stderr),
    })
    .configureHelp({
      // Commander leaves a description unwrapped when its column is under 40 wide; ours are narrower.
      minWidthToWrap: 24,
      // Every command has options: "[options]" in the list only widens its first column.
      subcommandTerm: (command) => Help.prototype.subcommandTerm.call(new Help(), command).replace(' [options]', ''),
    })
    .showSuggestionAfterError(true)
    .version(packageJson.version, '--version', 'print the version')
    .addHelpText('after', ({ error }) => {
      const help = new Help();
      help.minWidthToWrap = 24;
      return help.boxWrap(HELP_FOOTER, helpWidth(error ? process.stderr : process.stdout));
    });

  for (const operation of ['archive', 'unarchive', 'delete'] as BatchOperation[]) {
    const command = program
      .command(operation)
      .description(
        operation === 'delete'
          ? 'permanently delete agents (asks on a terminal, showing the ids and the base URL, unless --yes)'
          : `${operation} agents, several at a time`,
      )
      .argument('[ids...]', 'agent ids');
    withConnection(command)
      .option(
        '--ids-file <path>',
        'read ids from a file, one per line (- for stdin; blank lines and # comments skipped, duplicates dropped)',
      )
      .option('--concurrency <n>', 'requests in flight at once (default 4)', positiveInteger('--concurrency'))
      .option('--journal <file>', 'append every outcome to this file as it happens (JSON lines)')
      .addOption(
        new Option('--journal-compact', 'journal id, outcome, HTTP status and request id (default)').conflicts(
          'journalFull',
        ),
      )
      .option('--journal-full', 'journal each result (with the agent) or error in full')
      .option(
        '--resume <file>',
        'a journal or --json output of the same command, provider and base URL: skip the ids it records as done',
      )
      .option('--max-failures <n>', 'stop sending after this many failed ids', positiveInteger('--max-failures'))
      .option('--rate <n>', 'at most n requests per second, evenly spaced (200 or 200/s)', perSecond('--rate'))
      .option(
        '--grace <s>',
        'seconds in-flight requests get after Ctrl-C, SIGTERM or a closed stdout (default 10)',
        positiveNumber('--grace'),
      );
    if (operation === 'delete') command.option('--yes', 'do not ask for confirmation');
    command.action(async (ids: string[], flags) => setExit(await runBatchCommand(operation, ids, flags, output)));
  }

  withConnection(
    program
      .command('discard-draft')
      .description('discard one draft of an agent')
      .argument('<agentId>')
      .argument('<draftId>'),
  ).action(async (agentId: string, draftId: string, flags) =>
    setExit(await runDiscardDraft(agentId, draftId, flags, output)),
  );

  withConnection(program.command('get').description('show one agent').argument('<agentId>')).action(
    async (agentId: string, flags) => setExit(await runGet(agentId, flags, output)),
  );

  withConnection(program.command('list').description('list agents, one page at a time (or every page with --all)'))
    .option('--all', 'every page, agents printed as each page arrives')
    .option('--include-archived', 'include archived agents')
    .option('--limit <n>', 'page size', positiveInteger('--limit'))
    .option('--cursor <cursor>', 'the page after this cursor (printed at the end of the previous page)')
    .action(async (flags) => setExit(await runList(flags, output)));

  // Registered for --help only, and only in a checkout (the published package does not ship the
  // suite): run() hands its arguments to the conformance runner untouched.
  if (checkout)
    program
      .command('conformance')
      .description('run the conformance suite against Prism mocks (same flags as npm run conformance)');

  return program;
}

/** Parses and runs; never throws. Returns the exit code. */
export async function run(argv: string[], output: Output): Promise<number> {
  let exitCode = EXIT_OK;
  try {
    rejectKeyFlag(argv);
    if (argv[0] === 'conformance') return await runConformance(argv.slice(1));
    const program = buildProgram(output, (code) => (exitCode = code));
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      const command = error.code === 'commander.unknownCommand' ? undefined : argv.find((a) => !a.startsWith('-'));
      output.err(
        errorLine(
          `${error.message.replace(/^error: /, '')} (see agent-lifecycle ${command && command !== 'help' ? `${command} ` : ''}--help)`,
        ),
      );
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      output.err(errorLine(error.message));
      return EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      output.err(errorLine(error.message));
      return EXIT_FAILED;
    }
    // Unexpected: still one line, and a hint where to report it.
    const e = error instanceof Error ? error : new Error(String(error));
    output.err(errorLine(`unexpected ${e.name}: ${e.message} (please report this at the project's issue tracker)`));
    return EXIT_FAILED;
  }
}
