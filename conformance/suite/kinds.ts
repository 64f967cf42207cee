// One strategy per case kind: which cases a spec yields, how a request becomes the case's variant,
// the status the answer must have, and which checks apply. Everything that differs between kinds is
// here, in one object each; cases.ts and execute.ts ask the case's kind and never branch on it.
import {
  documentedResponse,
  fail,
  notApplicable,
  pass,
  specDefect,
  statusCodeConformance,
  type Verdict,
} from './checks.js';
import type { CaseChecks, CaseKind, ConformanceCase, VendorContext } from './context.js';
import { cloneRequest, type RecordedExchange, type RequestRewrite } from './exchange.js';
import { unknownRouteUrl, wrongMethod } from './requests.js';
import { validateExamples } from './schema.js';
import type { OpenApiDocument, SpecOperation } from './spec.js';

/** What a kind builds its cases from: the vendor's spec and how it is run. */
export interface BuildInput {
  vendor: string;
  doc: OpenApiDocument;
  mode: 'mock' | 'live';
}

/** A case of an operation before its kind fills in id, kind and label. */
export type OperationCaseBase = Required<
  Pick<ConformanceCase, 'vendor' | 'operation' | 'facadeMethods' | 'destructive'>
>;

export interface CaseKindStrategy {
  /** The cases this kind yields for one operation. */
  forOperation?(base: OperationCaseBase, spec: BuildInput): ConformanceCase[];
  /** The cases this kind yields once per spec. */
  forSpec?(spec: BuildInput): ConformanceCase[];
  /** A case that checks the spec itself and sends nothing: its verdicts. */
  checkSpec?(c: ConformanceCase, ctx: VendorContext): CaseChecks;
  /** Why the case cannot be run against this spec (it then ends with one n/a verdict), if so. */
  notApplicable?(c: ConformanceCase, ctx: VendorContext): string | undefined;
  /** The named examples to ask for, one call each (`Prefer: example=`); `[{}]`: one call. */
  variants?(c: ConformanceCase, ctx: VendorContext): Array<{ name?: string; alreadyInState?: string }>;
  /** Turns the client's request into the case's variant (Prefer header, no key, another URL or method). */
  rewrite(c: ConformanceCase, ctx: VendorContext, example?: string): RequestRewrite;
  /** The status the answer must have; undefined: the kind's `statusVerdict` decides alone. */
  expectedStatus(c: ConformanceCase, ctx: VendorContext): string | undefined;
  /** status_code_conformance for an exchange that the mock did not interfere with. */
  statusVerdict(exchange: RecordedExchange, operation: SpecOperation, expected: string | undefined): Verdict;
  /** Which checks apply beyond the status: the request against the spec, the answer's media type and
   * schema, what the façade read from a 2xx (semantics), and the mock's known quirks. */
  checks: { request: boolean; body: boolean; semantics: boolean; mockQuirks: boolean };
  /** Whether an error answer's body is the vendor's to be held to (error_mapping checks its message). */
  bodyIsVendors(operation: SpecOperation, status: number | undefined): boolean;
}

const NONE = { request: false, body: false, semantics: false, mockQuirks: false };
const keep: RequestRewrite = (request) => request;
const caseId = (base: OperationCaseBase, label: string) => `${base.vendor} ${base.operation.operationId} ${label}`;

/** The answer's status must be this one exactly. */
function exactly(exchange: RecordedExchange, _operation: SpecOperation, expected: string | undefined): Verdict {
  return String(exchange.response?.status) === expected
    ? pass
    : fail(`expected ${expected}, got ${exchange.response?.status ?? exchange.networkError}`);
}

/** One case per documented status the mock can be asked for, or one live call checked against them all. */
const status: CaseKindStrategy = {
  forOperation(base, { mode }) {
    // A live API answers what it answers: one call per operation, checked against every documented status.
    if (mode === 'live') return [{ ...base, id: caseId(base, 'live'), kind: 'status', label: 'live' }];
    // `default` and ranges (`4XX`) cannot be requested with Prefer: code=N; they are covered by
    // examples_valid and by the live run.
    return base.operation.responses
      .filter((r) => /^\d{3}$/.test(r.status))
      .map((r) => ({ ...base, id: caseId(base, r.status), kind: 'status', label: r.status, status: r.status }));
  },
  // A status with several named examples is asked for once per example (`Prefer: example=`), so
  // that every documented variant of the answer goes through the façade.
  variants(c, ctx) {
    const documented = ctx.mode === 'mock' ? c.operation?.responses.find((r) => r.status === c.status) : undefined;
    return documented && documented.examples.length > 1 ? documented.examples : [{}];
  },
  rewrite(c, ctx, example) {
    if (ctx.mode !== 'mock') return keep;
    const prefer = example ? `code=${c.status}, example=${example}` : `code=${c.status}`;
    return (request) => cloneRequest(request, { headers: (h) => h.set('Prefer', prefer) });
  },
  expectedStatus: (c, ctx) => (ctx.mode === 'mock' ? c.status : undefined),
  statusVerdict: statusCodeConformance,
  checks: { request: true, body: true, semantics: true, mockQuirks: true },
  bodyIsVendors: () => true,
};

// Negative cases are refused before they can change anything (no credentials, no such route),
// except a wrong method on a path whose GET is taken: the undeclared method left is a write.
const noAuthorization: CaseKindStrategy = {
  forOperation: (base) =>
    base.operation.secured
      ? [
          {
            ...base,
            id: caseId(base, 'no_authorization'),
            kind: 'no_authorization',
            label: 'no_authorization',
            destructive: false,
          },
        ]
      : [],
  rewrite: () => (request) => cloneRequest(request, { headers: (h) => h.delete('authorization') }),
  expectedStatus: () => '401',
  statusVerdict: exactly,
  // The answer to a refused request is documented like any other (when the spec lists the 401).
  checks: { ...NONE, body: true },
  // An undocumented 401 is the mock's own answer (or, live, one the spec says nothing about): only its
  // class and code are checked, not its body.
  bodyIsVendors: (operation, answered) =>
    answered !== undefined && documentedResponse(operation, answered) !== undefined,
};

const unknownRoute: CaseKindStrategy = {
  forOperation: (base) => [
    { ...base, id: caseId(base, 'unknown_route'), kind: 'unknown_route', label: 'unknown_route', destructive: false },
  ],
  rewrite: (_c, ctx) => (request) => cloneRequest(request, { url: unknownRouteUrl(request.url, ctx) }),
  expectedStatus: () => '404',
  statusVerdict: exactly,
  // Bodies of Prism's own routing errors are not the vendor's.
  checks: NONE,
  bodyIsVendors: () => false,
};

const wrongMethodKind: CaseKindStrategy = {
  forOperation: (base, { doc }) => [
    {
      ...base,
      id: caseId(base, 'wrong_method'),
      kind: 'wrong_method',
      label: 'wrong_method',
      destructive: wrongMethod(base.operation.path, { doc }) !== 'get',
    },
  ],
  notApplicable: (c, ctx) =>
    wrongMethod(c.operation!.path, ctx) === undefined
      ? 'every method of this URL is documented by some route'
      : undefined,
  rewrite: (c, ctx) => (request) =>
    cloneRequest(request, { method: (wrongMethod(c.operation!.path, ctx) ?? 'patch').toUpperCase() }),
  // 405 from Prism, 404 or 405 from live servers.
  expectedStatus: () => undefined,
  statusVerdict: (exchange) => {
    const answered = exchange.response?.status;
    return answered === 405 || answered === 404
      ? pass
      : fail(`expected 404 or 405, got ${answered ?? exchange.networkError}`);
  },
  checks: NONE,
  bodyIsVendors: () => false,
};

/** One case per spec: every example it gives validates against the schema it illustrates. */
const examples: CaseKindStrategy = {
  forSpec: ({ vendor }) => [
    { id: `${vendor} examples`, vendor, kind: 'examples', label: 'examples', facadeMethods: [], destructive: false },
  ],
  checkSpec(c, ctx) {
    const { checked, problems } = validateExamples(ctx.doc);
    if (problems.length === 0) return { examples_valid: checked > 0 ? pass : notApplicable('no examples') };
    // An example that breaks its own schema is the spec's contradiction, located by its pointer.
    return {
      examples_valid: specDefect(
        problems.map((p) => `${p.where}: ${p.errors.join(', ')}`).join(' | '),
        problems.map((p) => `generated/${c.vendor}/openapi.yaml#${p.where}`).join(' '),
      ),
    };
  },
  rewrite: () => keep,
  expectedStatus: () => undefined,
  statusVerdict: () => notApplicable('sends nothing'),
  checks: NONE,
  bodyIsVendors: () => false,
};

/** In the order a vendor's cases are listed: per operation, then per spec. */
export const CASE_KINDS: Record<CaseKind, CaseKindStrategy> = {
  status,
  no_authorization: noAuthorization,
  unknown_route: unknownRoute,
  wrong_method: wrongMethodKind,
  examples,
};

/**
 * Whether an error body is the vendor's to be held to: a status case's, or a refused request's when
 * the spec documents that status.
 */
export function bodyIsVendors(kind: CaseKind, operation: SpecOperation, answered: number | undefined): boolean {
  return CASE_KINDS[kind].bodyIsVendors(operation, answered);
}
