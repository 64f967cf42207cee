// The names of the cases the suite declares but does not run (vitest `test.todo`), written by
// conformance.test.ts and read back by the report model: one place, so the two cannot drift apart.

/** An operation of the spec that no façade method binds. */
export const notCoveredName = (vendor: string, operationId: string): string =>
  `${vendor} ${operationId}: not covered by the façade (raw client only)`;

/** A case whose operation is outside `--scope` (the scoped mock does not serve it either). */
export const outOfScopeName = (caseId: string, operationId: string): string =>
  `${caseId}: out of scope (--scope ${operationId} or --scope all runs it)`;

export type TodoCase =
  | { kind: 'not_covered'; vendor: string; operation: string }
  | { kind: 'out_of_scope'; id: string; vendor: string; operation: string; label: string };

/** What a todo's name says, or undefined for a name neither function wrote. */
export function parseTodoName(name: string): TodoCase | undefined {
  const notCovered = /^(\S+) (\S+): not covered by the façade \(raw client only\)$/.exec(name);
  if (notCovered) return { kind: 'not_covered', vendor: notCovered[1]!, operation: notCovered[2]! };
  const outOfScope = /^((\S+) (\S+) (.+)): out of scope \(--scope \S+ or --scope all runs it\)$/.exec(name);
  if (outOfScope) {
    const [, id, vendor, operation, label] = outOfScope as unknown as [string, string, string, string, string];
    return { kind: 'out_of_scope', id, vendor, operation, label };
  }
  return undefined;
}
