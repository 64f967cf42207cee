// The suite's shared types: what a run is set up with, what one vendor's cases run in, what a case is
// and what it ends as. Types only, so that every module of the suite can name them without importing
// another module's code (and without an import cycle).
import type { ProviderDefinition } from '../../src/core/provider.js';
import type { ProviderSemantics } from '../../src/core/semantics.js';
import type { CheckName, Verdict } from './checks.js';
import type { CaseOutcome } from './outcome.js';
import type { Sampler } from './sampling.js';
import type { SchemaValidator } from './schema.js';
import type { OpenApiDocument, SpecOperation } from './spec.js';

/**
 * How a conformance run is set up. Read once, at the entry (`npm run conformance`'s flags and
 * environment, or the environment in vitest's global setup), then passed down as this object.
 */
export interface ConformanceSettings {
  /** The folder of built specs (`<vendor>/openapi.yaml`). @default `<repo>/generated` */
  generatedDir?: string;
  /** The vendors to run; empty: every vendor of `generatedDir`, or the live ones. @default [] */
  vendors: string[];
  /** Live mode: vendor → the real API's base URL (a validating Prism proxies to it). @default {} */
  live: Record<string, string>;
  /** Live mode: vendor → its API key (`AGENT_LIFECYCLE_<VENDOR>_API_KEY`). @default {} */
  apiKeys: Record<string, string>;
  /** Live mode: also run the cases that change state (needs `agentId`). @default false */
  allowWrites: boolean;
  /** Live mode: the agent the write cases act on, and the id reads use. */
  agentId?: string;
  /** Vendor spec defects fail the run too. @default false */
  strictSpec: boolean;
  /** How long each Prism gets to become ready. @default 30000 */
  prismTimeoutMs: number;
  /** Operations covered besides the façade's (operationIds or `method path`), or `all`. @default [] */
  scope: readonly string[] | 'all';
  /** How many `$ref`s deep the mock document inlines schemas before cutting them to their core. @default 2 */
  mockDepth: number;
  /** Fixture provider modules (absolute paths exporting `provider`) that tests register. @default [] */
  fixtureProviders: string[];
}

/** What one vendor's cases run in: its spec, provider and server, and caches built once per vendor. */
export interface VendorContext {
  vendor: string;
  /** The registry's provider, a fixture's, or a raw-only one (no façade method) for a spec without one. */
  provider: ProviderDefinition;
  /**
   * What its answers mean, for semantic_conformance: the provider module's `semantics` export (kept out
   * of the definition so apps do not ship it), else the definition's own field; undefined: none declared.
   */
  semantics: ProviderSemantics | undefined;
  doc: OpenApiDocument;
  baseUrl: string;
  /** 'mock': Prism mock, statuses chosen with Prefer; 'live': a real API behind prism proxy. */
  mode: 'mock' | 'live';
  apiKey: string;
  /** Live mode: the agent the write cases act on, and the id used for reads. */
  agentId?: string;
  validator?: SchemaValidator;
  sampler?: Sampler;
  /** JSON pointers of the spec's examples that break their own schema (computed once). */
  brokenExamples?: Set<string>;
}

export type CaseKind = 'status' | 'no_authorization' | 'unknown_route' | 'wrong_method' | 'examples';

export interface ConformanceCase {
  /** `<vendor> <operationId> <label>` (or `<vendor> examples`): the test's name. */
  id: string;
  vendor: string;
  kind: CaseKind;
  /** What the matrix shows for the case: the status asked for, `live`, or the kind. */
  label: string;
  operation?: SpecOperation;
  /** The documented status this case asks Prism for (`Prefer: code=N`), for `status` cases. */
  status?: string;
  /** Façade methods that exercise this operation (from the provider's route bindings). */
  facadeMethods: string[];
  /** True when the request changes server state: skipped in live mode without --allow-writes. */
  destructive: boolean;
}

/** A façade binding as the registry holds it: `[method, path]`, type-checked in the provider file. */
export type RouteBinding = readonly [method: string, path: string];
export type OperationMap = Partial<Record<string, RouteBinding>>;

/** What a façade call resolved to, or what it threw. */
export type CallOutcome = { ok: true; value: any } | { ok: false; error: unknown };

/** What went over the wire for one call of a case, cut to an excerpt, the API key masked. */
export interface ExchangeExcerpt {
  /** The façade method (e.g. `archive`, `archive[already_archived]`) or `raw`. */
  call: string;
  /** Enough to replay the request: the key in a URL, header or body is written `$API_KEY`. */
  request: { method: string; url: string; headers?: Record<string, string>; body?: string };
  response?: { status: number; contentType: string; body: string };
  networkError?: string;
  /** What the spec documents for this answer, when the case checks one. */
  expected?: ExpectedAnswer;
}

/** The documented answer an exchange is held to: status, media types, and the schema (an excerpt). */
export interface ExpectedAnswer {
  status?: string;
  contentTypes?: string[];
  /** `generated/<vendor>/openapi.yaml#/…/schema`, and the schema there as JSON ($ref followed once). */
  schemaLocation?: string;
  schema?: string;
}

export type CaseChecks = Partial<Record<CheckName, Verdict>>;

export interface CaseResult {
  id: string;
  vendor: string;
  operationId: string;
  label: string;
  kind: CaseKind;
  /** The operation's HTTP method and path template, when the case has an operation. */
  method?: string;
  path?: string;
  /** Where in the built spec the case comes from (file and JSON pointer). */
  specLocation: string;
  checks: CaseChecks;
  exchanges: ExchangeExcerpt[];
  durationMs: number;
  /** No check failed for any owner. */
  passed: boolean;
  /** Whose fault the end is, from the checks' owners (see outcome.ts). */
  outcome: CaseOutcome;
}
