// The named checks (names follow Schemathesis where one exists). Each returns a verdict for one
// recorded exchange; a case aggregates them over every call it made.
import type { RecordedExchange } from './exchange.js';
import { type Attribution, caseOutcome, type SpecAuthor, specDefectText } from './outcome.js';
import { type SchemaValidator, VendorSchemaError } from './schema.js';
import type { SpecOperation, SpecResponse } from './spec.js';

export const CHECK_NAMES = [
  'request_conformance',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'error_mapping',
  'semantic_conformance',
  'examples_valid',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** A failing verdict is ours unless it names another owner (see outcome.ts). */
export type Verdict = { ok: true } | ({ ok: false; detail: string } & Attribution) | { ok: 'n/a'; detail?: string };
export const pass: Verdict = { ok: true };
export const fail = (detail: string): Verdict => ({ ok: false, detail });
/**
 * The spec contradicts itself at `location` (file#pointer): the vendor's defect, unless the spec is
 * ours (`attributeSpecDefect` gives it to us).
 */
export const specDefect = (detail: string, location: string): Verdict => ({
  ok: false,
  detail,
  owner: 'vendor_spec',
  location,
});
/** What the mock cannot produce; never held against our client. */
export const mockLimitation = (detail: string): Verdict => ({ ok: false, detail, owner: 'mock' });
export const notApplicable = (detail?: string): Verdict => ({ ok: 'n/a', detail });
/**
 * A failure that names no owner: ours, and open to being read as the mock's or the spec's. (A defect
 * of our own spec names `ours` with its location: it is settled, never read again.)
 */
export const isOurs = (verdict: Verdict): verdict is { ok: false; detail: string } & Attribution =>
  verdict.ok === false && verdict.owner === undefined;

export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Prism reports request violations in the `sl-violations` header (JSON array). */
export function requestConformance(exchange: RecordedExchange): Verdict {
  const header = exchange.response?.headers.get('sl-violations');
  if (!header) return pass;
  let violations: Array<{ location?: string[]; message?: string; severity?: string }>;
  try {
    violations = JSON.parse(header);
  } catch {
    // Past a size Prism cuts the list and says so ("Too many violations! [{…"): whose they are is
    // still readable from each entry's location.
    const heads = [...header.matchAll(/"location":\["(\w+)"/g)].map((m) => m[1]);
    if (!header.startsWith('Too many violations!') || heads.length === 0)
      return fail(`unparseable sl-violations header: ${header.slice(0, 200)}`);
    if (!heads.includes('request')) return pass;
    return fail(`the request broke the spec (Prism's list was cut): ${header.slice(0, 300)}`);
  }
  const requestViolations = violations.filter((v) => v.location?.[0] === 'request');
  if (requestViolations.length === 0) return pass;
  return fail(requestViolations.map((v) => `${(v.location ?? []).join('.')}: ${v.message}`).join('; '));
}

/** `expected`: the exact status asked of a mock; absent: any documented status (live mode). */
export function statusCodeConformance(
  exchange: RecordedExchange,
  operation: SpecOperation,
  expected?: string,
): Verdict {
  const status = exchange.response?.status;
  if (status === undefined) return fail(`no response (${exchange.networkError ?? 'unknown error'})`);
  if (expected !== undefined) {
    return String(status) === expected ? pass : fail(`expected ${expected}, got ${status}`);
  }
  return documentedResponse(operation, status)
    ? pass
    : fail(`status ${status} is not documented (documented: ${operation.responses.map((r) => r.status).join(', ')})`);
}

export function documentedResponse(operation: SpecOperation, status: number): SpecResponse | undefined {
  const exact = operation.responses.find((r) => r.status === String(status));
  if (exact) return exact;
  const range = operation.responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`);
  return range ?? operation.responses.find((r) => r.status === 'default');
}

function matchMediaType(documented: string[], actual: string): string | undefined {
  return documented.find((d) => {
    const [type, sub] = d.toLowerCase().split('/');
    const [aType, aSub] = actual.split('/');
    return (type === '*' || type === aType) && (sub === '*' || sub === aSub);
  });
}

export function contentTypeConformance(exchange: RecordedExchange, response: SpecResponse | undefined): Verdict {
  const actual = exchange.response;
  if (!actual) return fail('no response');
  if (!response) return notApplicable('status not documented');
  const documented = Object.keys(response.content);
  if (documented.length === 0) {
    return actual.bodyText.length === 0
      ? pass
      : fail(
          `documented without a body, got ${actual.bodyText.length} bytes (${actual.contentType || 'no content-type'})`,
        );
  }
  if (!actual.contentType) return fail(`no content-type; documented ${documented.join(', ')}`);
  return matchMediaType(documented, mediaType(actual.contentType))
    ? pass
    : fail(`content-type ${mediaType(actual.contentType)} is not documented (${documented.join(', ')})`);
}

export function responseSchemaConformance(
  exchange: RecordedExchange,
  response: SpecResponse | undefined,
  validator: SchemaValidator,
): Verdict {
  const actual = exchange.response;
  if (!actual) return fail('no response');
  if (!response) return notApplicable('status not documented');
  const matched = matchMediaType(Object.keys(response.content), mediaType(actual.contentType));
  const schemaPointer = matched ? response.content[matched]?.schemaPointer : undefined;
  if (!schemaPointer) return notApplicable('no schema documented');
  // A text body (text/csv, text/plain…) is the string its schema describes; JSON media types parse.
  const isJson = /[/+]json$/.test(mediaType(actual.contentType));
  let body: unknown = actual.bodyText;
  if (isJson) {
    try {
      body = JSON.parse(actual.bodyText);
    } catch {
      return fail(`body is not JSON: ${JSON.stringify(actual.bodyText.slice(0, 120))}`);
    }
  }
  let errors: string[];
  try {
    errors = validator.validate(schemaPointer, body);
  } catch (err) {
    const defect = schemaCompileDefect(err);
    if (defect) return defect;
    throw err;
  }
  return errors.length === 0 ? pass : fail(errors.slice(0, 5).join('; '));
}

/** A vendor schema that does not compile: the vendor's spec defect at that schema, never ours. */
export function schemaCompileDefect(err: unknown): Verdict | undefined {
  return err instanceof VendorSchemaError ? specDefect(err.message, err.location) : undefined;
}

/**
 * Prism's own failure to produce a documented answer (e.g. `NO_COMPLEX_OBJECT_TEXT`: an object schema
 * under a text media type): a 5xx problem+json whose type is one of Prism's error URLs.
 */
export function mockOwnError(exchange: RecordedExchange): string | undefined {
  const r = exchange.response;
  if (!r || r.status < 500 || mediaType(r.contentType) !== 'application/problem+json') return undefined;
  try {
    const body = JSON.parse(r.bodyText);
    if (typeof body?.type === 'string' && body.type.startsWith('https://stoplight.io/prism/errors#')) {
      return `the mock cannot produce this answer: ${body.title ?? body.type} (${body.type.split('#')[1]})`;
    }
  } catch {
    // not Prism's
  }
  return undefined;
}

/**
 * A spec defect given to the spec's author. A vendor's published spec keeps its defects
 * (`vendor_spec`); in a spec we wrote, the defect is ours: it fails the run, keeps its location and
 * says it is our spec's. Applied to each call's verdict (before `combine`) and to a spec's own checks.
 */
export function attributeSpecDefect(verdict: Verdict, author: SpecAuthor): Verdict {
  if (author === 'vendor' || verdict.ok !== false || verdict.owner !== 'vendor_spec') return verdict;
  return { ...verdict, owner: 'ours', detail: `${specDefectText('ours')}: ${verdict.detail}` };
}

/** `attributeSpecDefect` over a case's checks. */
export function attributeSpecDefects<C extends Partial<Record<CheckName, Verdict>>>(checks: C, author: SpecAuthor): C {
  const attributed: Partial<Record<CheckName, Verdict>> = {};
  for (const [name, verdict] of Object.entries(checks) as Array<[CheckName, Verdict]>)
    attributed[name] = attributeSpecDefect(verdict, author);
  return attributed as C;
}

/** Combines per-call verdicts of one check: any failure fails; all n/a stays n/a. */
export function combine(verdicts: Array<{ label: string; verdict: Verdict }>): Verdict {
  const failures = verdicts.filter((v) => v.verdict.ok === false);
  if (failures.length > 0) {
    // The combined failure keeps the most serious owner: one failure of ours makes the check ours.
    const worst = caseOutcome(failures.map((f) => f.verdict as Verdict & Attribution));
    const locations = failures.map((f) => (f.verdict as Attribution).location).filter(Boolean);
    // Ours stays unnamed unless a failure of ours is located: a defect of our own spec.
    const ourSpec = failures.some((f) => (f.verdict as Attribution).owner === 'ours' && locations.length > 0);
    const owner =
      worst === 'failed' ? (ourSpec ? 'ours' : undefined) : worst === 'vendor_spec_defect' ? 'vendor_spec' : 'mock';
    return {
      ok: false,
      detail: failures.map((f) => `${f.label}: ${(f.verdict as { detail: string }).detail}`).join(' | '),
      ...(owner ? { owner } : {}),
      ...(owner && locations.length ? { location: locations.join(' ') } : {}),
    } as Verdict;
  }
  if (verdicts.length > 0 && verdicts.every((v) => v.verdict.ok === 'n/a')) {
    return notApplicable(
      verdicts.map((v) => v.verdict.ok === 'n/a' && v.verdict.detail).filter(Boolean)[0] || undefined,
    );
  }
  return verdicts.length === 0 ? notApplicable('no calls') : pass;
}
