import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export type Reply = (req: IncomingMessage, res: ServerResponse, seen: Seen) => unknown;

/** A loopback HTTP server that records every request and tracks how many are in flight. */
export async function startServer(reply: Reply) {
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const entry = { method: req.method ?? '', url: req.url ?? '', at: performance.now() };
    seen.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    req.resume();
    req.once('end', () => {
      Promise.resolve(reply(req, res, entry)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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

/** Resolves after `ms` of wall time; only for simulating a slow server, never to synchronise a test. */
export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
