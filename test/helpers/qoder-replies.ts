// Qoder-shaped answers for tests that run on the loopback server (bulk, CLI).
import type { ServerResponse } from 'node:http';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Qoder's archive path: POST /agents/{id}/archive. */
export function agentIdOf(url: string): string {
  return decodeURIComponent(/\/agents\/([^/?]+)/.exec(url)?.[1] ?? '');
}

export function qoderAgent(id: string) {
  return {
    type: 'agent',
    id,
    name: `Agent ${id}`,
    description: null,
    model: 'm',
    system: null,
    tools: [],
    mcp_servers: [],
    skills: [],
    metadata: {},
    version: 1,
    archived: true,
    archived_at: '2025-01-01T00:00:00Z',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  };
}

export function qoderError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { type: 'error', error: { type, message } }, headers);
}
