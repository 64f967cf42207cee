// Each vendor's real wire shapes (from CONTRACT.md and the specs), so the loopback server answers the
// façade exactly as the vendor would.

import type { ClientOptionsBase } from '../../../src/index.js';
import { createAgentClient, type ProviderName } from '../../../src/index.js';

export const VENDORS = ['smallest', 'qoder', 'ayra'] as const satisfies readonly ProviderName[];
export type Vendor = (typeof VENDORS)[number];

export const AGENT_ID = 'agent_123';

function qoderAgent(id: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'agent',
    id,
    name: 'Support bot',
    description: null,
    model: 'qoder-1',
    system: 'Be helpful.',
    tools: [],
    mcp_servers: [],
    skills: [],
    metadata: {},
    version: 3,
    archived: true,
    archived_at: '2026-01-01T00:00:00Z',
    created_at: '2025-12-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

function ayraAgent(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: 'Support bot',
    status: 'archived',
    system_prompt: 'Be helpful.',
    welcome_message: 'Hi',
    metadata: {},
    created_at: '2025-12-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

/** The 200 body of a successful archive of `id`; `pad` bloats it (for the 10 MB case). */
export function archiveSuccessBody(vendor: Vendor, id: string, pad = ''): unknown {
  switch (vendor) {
    case 'smallest':
      return { status: true, data: { message: 'Agent archived', ...(pad ? { pad } : {}) } };
    case 'qoder':
      return qoderAgent(id, pad ? { description: pad } : {});
    case 'ayra':
      return ayraAgent(id, pad ? { system_prompt: pad } : {});
  }
}

export function getSuccessBody(id: string): unknown {
  return qoderAgent(id, { archived: false, archived_at: null });
}

const QODER_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  429: 'rate_limit_error',
  500: 'api_error',
};

/** The vendor's error envelope carrying `message`. */
export function errorBody(vendor: Vendor, status: number, message: string): unknown {
  switch (vendor) {
    case 'smallest':
      return { status: false, errors: [message] };
    case 'qoder':
      return { type: 'error', error: { type: QODER_TYPES[status] ?? 'api_error', message } };
    case 'ayra':
      return { error: { type: 'api_error', message, code: `http_${status}` } };
  }
}

/** The method and path template (after the base URL) the archive call must hit. */
export function archiveRoute(vendor: Vendor, id: string): { method: string; segments: string[] } {
  switch (vendor) {
    case 'smallest':
      return { method: 'DELETE', segments: ['agent', id, 'archive'] };
    case 'qoder':
      return { method: 'POST', segments: ['agents', id, 'archive'] };
    case 'ayra':
      return { method: 'PUT', segments: ['agents', id] };
  }
}

export function makeClient(vendor: Vendor, baseUrl: string, extra: Partial<ClientOptionsBase> = {}) {
  return createAgentClient({
    provider: vendor,
    apiKey: 'sk_test_fault_key',
    baseUrl,
    timeoutMs: 2_000,
    maxRetries: 2,
    ...extra,
  });
}

/** The rejection of `promise`, failing if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a result');
}

/** The path part of a raw request URL, split on '/' and each segment decoded. */
export function decodedSegments(url: string): string[] {
  const path = url.split('?')[0]!;
  return path.split('/').map((s) => decodeURIComponent(s));
}
