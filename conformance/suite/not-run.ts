// The cases the suite declares but does not run: operations no façade method binds, and cases outside
// `--scope`. They are not vitest tests (a `test.todo` each made vitest count hundreds of "todo"
// tests); the suite hands the list to the report on its bindings test's meta, and the report shows them.

export type NotRunCase =
  | { kind: 'not_covered'; vendor: string; operation: string }
  | { kind: 'out_of_scope'; id: string; vendor: string; operation: string; label: string };

/** A case out of scope, from its id (`<vendor> <operationId> <label>`). */
export function outOfScope(caseId: string): NotRunCase {
  const [vendor = '?', operation = '?', ...label] = caseId.split(' ');
  return { kind: 'out_of_scope', id: caseId, vendor, operation, label: label.join(' ') };
}

declare module 'vitest' {
  interface TaskMeta {
    /** On a vendor's bindings test: that vendor's cases not run. */
    conformanceNotRun?: NotRunCase[];
  }
}
