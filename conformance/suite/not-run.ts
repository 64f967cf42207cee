// The cases the suite declares but does not run: operations no façade method binds, cases outside
// `--scope`, and live write cases without --allow-writes. They are not vitest tests (a `test.todo`
// each made vitest count hundreds of "todo" tests); the suite hands the list, built from the cases'
// own data, to the report on its bindings test's meta, and the report shows them.

export type NotRunCase =
  | { kind: 'not_covered'; vendor: string; operation: string }
  | { kind: 'out_of_scope' | 'skipped'; id: string; vendor: string; operation: string; label: string };

declare module 'vitest' {
  interface TaskMeta {
    /** On a vendor's bindings test: that vendor's cases not run. */
    conformanceNotRun?: NotRunCase[];
  }
}
