import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type ProviderName, providers } from '../providers/registry.js';
import { rejectKeyFlag } from './api-key.js';
import { type BatchOperation, runBatchCommand } from './commands/batch.js';
import { runConformance } from './commands/conformance.js';
import { runDiscardDraft, runGet, runList } from './commands/single.js';
import { CliFailure, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes.js';
import { errorLine, type Output } from './output.js';

/** From the registry, so a new vendor shows up in --help and in --provider's choices with no change here. */
const PROVIDERS = Object.keys(providers) as ProviderName[];

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
    .option('--dry-run', 'print the requests that would be sent, and send nothing');
}

const HELP_FOOTER = `
The API key is read from the environment only (AGENT_LIFECYCLE_<PROVIDER>_API_KEY, or the variable
named by --api-key-env), never from a flag: flag values end up in shell history.

Exit codes: 0 all succeeded, 1 some failed, 2 usage error.`;

export function buildProgram(output: Output, setExit: (code: number) => void): Command {
  const program = new Command('agent-lifecycle')
    .description(`Archive, unarchive, delete and inspect AI agents across vendors (${PROVIDERS.join(', ')}).`)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void process.stdout.write(s),
      writeErr: (s) => void process.stderr.write(s),
      // Printed by run() as one line, with a hint.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', HELP_FOOTER);

  for (const operation of ['archive', 'unarchive', 'delete'] as BatchOperation[]) {
    const command = program
      .command(operation)
      .description(
        operation === 'delete'
          ? 'permanently delete agents (asks for confirmation on a terminal for more than one id, unless --yes)'
          : `${operation} agents, several at a time`,
      )
      .argument('[ids...]', 'agent ids');
    withConnection(command)
      .option(
        '--ids-file <path>',
        'read ids from a file, one per line (- for stdin; blank lines and # comments skipped)',
      )
      .option('--concurrency <n>', 'requests in flight at once (default 4)', positiveInteger('--concurrency'))
      .option('--yes', 'do not ask for confirmation')
      .action(async (ids: string[], flags) => setExit(await runBatchCommand(operation, ids, flags, output)));
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

  withConnection(program.command('list').description('list agents, one page at a time'))
    .option('--include-archived', 'include archived agents')
    .option('--limit <n>', 'page size', positiveInteger('--limit'))
    .option('--cursor <cursor>', 'the page after this cursor (printed at the end of the previous page)')
    .action(async (flags) => setExit(await runList(flags, output)));

  // Registered for --help only: run() hands its arguments to the conformance runner untouched.
  program
    .command('conformance')
    .description('run the conformance suite against Prism mocks (same flags as npm run conformance; needs a checkout)');

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
