import type { PlannedRequest } from '../connect.js';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.js';
import { describeError, type Output, printable } from '../output.js';

/**
 * Runs each call against the recording fetch, one at a time so the plan is in input order, and prints
 * what would have been sent. Calls that fail validation (bad id) are shown as skipped.
 */
export interface PlanEntry {
  /** The id the call is about; absent for list. */
  id?: string;
  call(): Promise<unknown>;
}

export async function printPlan(
  entries: readonly PlanEntry[],
  takePlanned: () => PlannedRequest[],
  json: boolean,
  output: Output,
): Promise<number> {
  let requests = 0;
  let skipped = 0;
  for (const { id, call } of entries) {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const planned = takePlanned();
    if (planned.length === 0) {
      skipped++;
      const reason = error ?? new Error('no request');
      output.out(
        json
          ? JSON.stringify({ id, dryRun: true, skipped: true, error: { name: reason.name, message: reason.message } })
          : `skip    ${printable(id ?? '')}  ${describeError(reason)}`,
      );
      continue;
    }
    for (const request of planned) {
      requests++;
      output.out(
        json
          ? JSON.stringify({ id, dryRun: true, ...request })
          : `would   ${request.method} ${request.url}${request.body ? ` ${request.body}` : ''}`,
      );
    }
  }
  // The summary is stderr's last line; with --json, a JSON object like every other --json summary.
  output.err(
    json
      ? JSON.stringify({ dryRun: true, requests, skipped, sent: 0 })
      : `dry run: ${requests} request${requests === 1 ? '' : 's'} would be sent${skipped ? `, ${skipped} id(s) skipped as invalid` : ''}; nothing was sent`,
  );
  return skipped === 0 ? EXIT_OK : EXIT_FAILED;
}
