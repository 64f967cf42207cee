import { type Agent, InvalidInputError, type LifecycleResult } from '../../index.js';
import { type ConnectionFlags, connect } from '../connect.js';
import { EXIT_FAILED, EXIT_OK, EXIT_SIGPIPE, EXIT_USAGE } from '../exit-codes.js';
import { describeError, type Output, printable, serializeError } from '../output.js';
import { assertSupported } from '../supports.js';
import { printPlan } from './dry-run.js';

export interface SingleFlags extends ConnectionFlags {
  json?: boolean;
}

export interface ListFlags extends SingleFlags {
  all?: boolean;
  includeArchived?: boolean;
  limit?: number;
  cursor?: string;
}

/**
 * A failure of a one-shot command: one line on stderr (or one JSON line). Exit 1 for an API failure;
 * exit 2 when the client refused the arguments themselves (an empty id, a malformed cursor).
 */
function failed(what: string, error: unknown, flags: SingleFlags, output: Output, id?: string): number {
  const e = error instanceof Error ? error : new Error(String(error));
  if (flags.json)
    output.out(JSON.stringify({ ...(id !== undefined ? { id } : {}), ok: false, error: serializeError(e) }));
  output.err(`agent-lifecycle: ${what} failed: ${describeError(e)}`);
  return e instanceof InvalidInputError ? EXIT_USAGE : EXIT_FAILED;
}

function agentLine(agent: Agent): string {
  const state = agent.archived ? `archived${agent.archivedAt ? ` ${agent.archivedAt}` : ''}` : 'active';
  return `${printable(agent.id)}  ${state}  ${agent.name === null ? '-' : JSON.stringify(agent.name)}`;
}

export async function runGet(agentId: string, flags: SingleFlags, output: Output): Promise<number> {
  const { client, takePlanned } = connect(flags, output);
  assertSupported(client, 'get');
  if (flags.dryRun)
    return printPlan([{ id: agentId, call: () => client.get(agentId) }], takePlanned, flags.json === true, output);
  try {
    const agent = await client.get(agentId);
    output.out(flags.json ? JSON.stringify(agent) : agentLine(agent));
    return EXIT_OK;
  } catch (error) {
    return failed(`get ${printable(agentId)}`, error, flags, output, agentId);
  }
}

/**
 * One page, or every page with `--all` (agents streamed as each page arrives). stdout carries agents
 * only, one per line (one JSON object with `--json`); the count and the next cursor go to stderr, as
 * its last line (`{"nextCursor": ..., "count": n}` with `--json`). If a later page fails, the cursor to
 * resume from is there too. A reader that goes away (`| head -1`) ends the walk: exit 141, as a shell shows.
 */
export async function runList(flags: ListFlags, output: Output): Promise<number> {
  const { client, takePlanned } = connect(flags, output);
  assertSupported(client, 'list');
  const options = {
    ...(flags.includeArchived ? { includeArchived: true } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
  };
  if (flags.dryRun)
    return printPlan(
      [{ call: () => client.list({ ...options, ...(flags.cursor ? { cursor: flags.cursor } : {}) }) }],
      takePlanned,
      flags.json === true,
      output,
    );
  let cursor = flags.cursor ?? null;
  let count = 0;
  const summary = () =>
    output.err(
      flags.json
        ? JSON.stringify({ nextCursor: cursor, count })
        : `${count} agent${count === 1 ? '' : 's'}; ${cursor === null ? 'last page' : `next page: --cursor ${cursor}`}`,
    );
  try {
    do {
      const page = await client.list({ ...options, ...(cursor !== null ? { cursor } : {}) });
      for (const agent of page.agents) output.out(flags.json ? JSON.stringify(agent) : agentLine(agent));
      count += page.agents.length;
      cursor = page.nextCursor;
      // Writes are synchronous to a pipe; its EPIPE arrives a tick later.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } while (flags.all && cursor !== null && output.stdoutGone === undefined);
  } catch (error) {
    // stdout holds agents only: the error is on stderr, never an object among the agents.
    const code = failed('list', error, { ...flags, json: false }, output);
    if (cursor !== null && count > 0) output.err(`to continue: list --all --cursor ${cursor}`);
    summary();
    return code;
  }
  summary();
  if (output.stdoutGone !== undefined) return output.stdoutGone === 'EPIPE' ? EXIT_SIGPIPE : EXIT_FAILED;
  return EXIT_OK;
}

export async function runDiscardDraft(
  agentId: string,
  draftId: string,
  flags: SingleFlags,
  output: Output,
): Promise<number> {
  const { client, takePlanned } = connect(flags, output);
  assertSupported(client, 'discardDraft');
  const call = () => client.discardDraft(agentId, draftId);
  if (flags.dryRun) return printPlan([{ id: agentId, call }], takePlanned, flags.json === true, output);
  try {
    const result: LifecycleResult = await call();
    output.out(
      flags.json
        ? JSON.stringify({ id: agentId, draftId, ok: true, result })
        : `ok      ${printable(agentId)}  draft ${printable(draftId)} ${result.state}`,
    );
    return EXIT_OK;
  } catch (error) {
    return failed(`discard-draft ${printable(agentId)} ${printable(draftId)}`, error, flags, output, agentId);
  }
}
