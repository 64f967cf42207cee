// What the façade must do with a response, by status: the part of the client contract that the
// conformance suite checks for every vendor alike.

import * as lib from '../../src/index.js';
import { createRedactor } from '../../src/internal/redaction.js';
import { fail, pass, type Verdict } from './checks.js';
import type { CallOutcome } from './context.js';
import type { RecordedExchange } from './exchange.js';

type ErrorClass = abstract new (...args: any[]) => Error;

export function expectedError(status: number): { cls: ErrorClass; className: string; code: string } {
  const table: Array<[(s: number) => boolean, string, string]> = [
    [(s) => s === 401, 'AuthenticationError', 'unauthorized'],
    [(s) => s === 403, 'PermissionDeniedError', 'forbidden'],
    [(s) => s === 404, 'NotFoundError', 'not_found'],
    [(s) => s === 409, 'ConflictError', 'conflict'],
    [(s) => s === 429, 'RateLimitError', 'rate_limited'],
    [(s) => s >= 500, 'ServerError', 'server_error'],
    [(s) => s === 400 || s === 422, 'BadRequestError', 'invalid_request'],
    [() => true, 'AgentApiError', 'invalid_request'],
  ];
  const [, className, code] = table.find(([match]) => match(status))!;
  return { cls: (lib as any)[className] as ErrorClass, className, code };
}

const EXPECTED_STATE: Record<string, string> = {
  archive: 'archived',
  unarchive: 'active',
  delete: 'deleted',
  discardDraft: 'discarded',
};

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/**
 * Checks the façade's outcome against the HTTP answer: a 2xx resolves to a normalized result,
 * anything else throws the status family's error class with the right code, the vendor's message
 * (one of the strings of the body) and the request id of the response headers.
 */
export function errorMapping(
  vendor: string,
  facadeMethod: string,
  agentId: string,
  exchange: RecordedExchange,
  outcome: CallOutcome,
  /** False for answers that are not the vendor's (Prism's own routing errors): no message check. */
  vendorBody = true,
  /** The API key, which the façade masks wherever a server echoes it (request ids included). */
  apiKey = '',
  /** From the answer's example (`x-already-in-state`): the state this 409 says the agent is in. */
  alreadyInState?: string,
): Verdict {
  const response = exchange.response;
  if (!response) {
    return outcome.ok ? fail('resolved without any response') : pass;
  }
  // An empty header is no request id (the façade then looks at the next source).
  const rawRequestId =
    response.headers.get('x-request-id')?.trim() || response.headers.get('request-id')?.trim() || undefined;
  const requestId = createRedactor(apiKey)(rawRequestId);
  if (response.status >= 200 && response.status < 300) {
    if (!outcome.ok) return fail(`${response.status} but threw ${describe(outcome.error)}`);
    return resultMatches(vendor, facadeMethod, agentId, outcome.value, requestId);
  }
  // Idempotent archive/unarchive: a 409 saying the agent already is in the wanted state resolves
  // with alreadyInState; any other 409 (or the same one for the opposite call) is a ConflictError.
  const idempotent =
    response.status === 409 && alreadyInState !== undefined && EXPECTED_STATE[facadeMethod] === alreadyInState;
  if (idempotent) {
    if (!outcome.ok)
      return fail(
        `409 "already ${alreadyInState}" should resolve with alreadyInState, but threw ${describe(outcome.error)}`,
      );
    if (outcome.value?.alreadyInState !== true)
      return fail('409 "already in state" resolved without alreadyInState: true');
    return resultMatches(vendor, facadeMethod, agentId, outcome.value, requestId);
  }
  if (outcome.ok) return fail(`${response.status} but resolved ${JSON.stringify(outcome.value).slice(0, 200)}`);
  const { cls, className, code } = expectedError(response.status);
  const error = outcome.error as any;
  const problems: string[] = [];
  if (!cls || !(error instanceof cls)) problems.push(`expected ${className}, got ${describe(error)}`);
  if (error?.status !== response.status) problems.push(`status ${error?.status} != ${response.status}`);
  if (error?.code !== code) problems.push(`code ${error?.code} != ${code}`);
  if (error?.provider !== vendor) problems.push(`provider ${error?.provider} != ${vendor}`);
  let body: unknown;
  try {
    body = JSON.parse(response.bodyText);
  } catch {
    body = undefined;
  }
  const candidates = stringsIn(body);
  if (vendorBody && candidates.length > 0 && !fromBody(error?.vendorMessage, candidates)) {
    problems.push(`vendorMessage ${JSON.stringify(error?.vendorMessage)} is not from the body`);
  }
  if (requestId !== undefined && error?.requestId !== requestId) {
    problems.push(`requestId ${JSON.stringify(error?.requestId)} != header ${JSON.stringify(requestId)}`);
  }
  return problems.length === 0 ? pass : fail(problems.join('; '));
}

/**
 * The vendor message must come from the body: one of its strings, or several of them joined (a vendor
 * with a list of reasons, like Smallest's `errors[]`, reports them all).
 */
function fromBody(message: unknown, candidates: string[]): boolean {
  if (typeof message !== 'string') return false;
  if (candidates.includes(message)) return true;
  const parts = message.split('; ');
  return parts.length > 1 && parts.every((part) => candidates.includes(part));
}

function resultMatches(vendor: string, method: string, agentId: string, value: any, requestId?: string): Verdict {
  const problems: string[] = [];
  if (method in EXPECTED_STATE) {
    if (value?.provider !== vendor) problems.push(`provider ${value?.provider} != ${vendor}`);
    if (value?.agentId !== agentId) problems.push(`agentId ${value?.agentId} != ${agentId}`);
    if (value?.state !== EXPECTED_STATE[method]) problems.push(`state ${value?.state} != ${EXPECTED_STATE[method]}`);
    if (requestId !== undefined && value?.requestId !== requestId)
      problems.push(`requestId ${value?.requestId} != ${requestId}`);
  } else if (method === 'get') {
    if (typeof value?.id !== 'string' || typeof value?.archived !== 'boolean') problems.push('not a normalized agent');
  } else if (method === 'list') {
    if (!Array.isArray(value?.agents)) problems.push('no agents array');
  }
  return problems.length === 0 ? pass : fail(problems.join('; '));
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}(${error.message.slice(0, 160)})`;
  return JSON.stringify(error);
}
