// Whose fault a case's end is. Checks return verdicts; a failing verdict names its owner (ours by
// default), and the case's outcome is the most serious owner among its failures. Only `failed` (ours)
// fails a run by default; `strictSpec` makes vendor spec defects fail it too. A spec defect is the
// spec author's: the vendor's in a published spec, ours in a spec we wrote (`info.x-authored-by`).
// Reporters, the runner and the mock-scope work all read this one model.

/**
 * `passed`; `failed`: ours (client, façade, our spec); `vendor_spec_defect`: the vendor's spec
 * contradicts itself (an example that breaks its own schema, an impossible schema), with its location;
 * `mock_limitation`: what the mock cannot produce; `not_covered`: an operation no façade method binds
 * (raw client only); `skipped`: not run (live mode without writes).
 */
export const OUTCOMES = [
  'passed',
  'failed',
  'vendor_spec_defect',
  'mock_limitation',
  'not_covered',
  'skipped',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Who a failing check blames: us, the vendor's spec, or the mock. */
export type FailureOwner = 'ours' | 'vendor_spec' | 'mock';

/** Who wrote a spec (see `specAuthor` in spec.ts): its defects are that author's. */
export type SpecAuthor = 'ours' | 'vendor';

/** A spec defect's owner: the vendor's in a spec it published, ours (failing the run) in a spec we wrote. */
export function specDefectOwner(author: SpecAuthor): FailureOwner {
  return author === 'ours' ? 'ours' : 'vendor_spec';
}

/** How a report names a spec defect's owner: `our spec` or `vendor spec`. */
export function specDefectText(author: SpecAuthor): string {
  return author === 'ours' ? 'defect in our spec' : 'vendor spec defect';
}

/**
 * A failing verdict's attribution. `location`: file and JSON pointer in the spec, for spec defects
 * (owner `vendor_spec`, or `ours` when the spec is one we wrote).
 */
export interface Attribution {
  owner?: FailureOwner;
  location?: string;
}

/** The outcome a run case can have (not_covered and skipped are decided before a case runs). */
export type CaseOutcome = 'passed' | 'failed' | 'vendor_spec_defect' | 'mock_limitation';

const RANK: Record<CaseOutcome, number> = { passed: 0, mock_limitation: 1, vendor_spec_defect: 2, failed: 3 };
const BY_OWNER: Record<FailureOwner, CaseOutcome> = {
  ours: 'failed',
  vendor_spec: 'vendor_spec_defect',
  mock: 'mock_limitation',
};

/** The case outcome from its verdicts: a failure of ours outweighs a spec defect, which outweighs the mock's. */
export function caseOutcome(verdicts: Iterable<{ ok: boolean | 'n/a' } & Attribution>): CaseOutcome {
  let outcome: CaseOutcome = 'passed';
  for (const v of verdicts) {
    if (v.ok !== false) continue;
    const next = BY_OWNER[v.owner ?? 'ours'];
    if (RANK[next] > RANK[outcome]) outcome = next;
  }
  return outcome;
}

export interface OutcomePolicy {
  /** Vendor spec defects fail the run too (`--strict-spec`). @default false */
  strictSpec?: boolean;
}

/** Whether an outcome fails the run under the policy. */
export function failsRun(outcome: Outcome, policy: OutcomePolicy = {}): boolean {
  return outcome === 'failed' || (outcome === 'vendor_spec_defect' && policy.strictSpec === true);
}
