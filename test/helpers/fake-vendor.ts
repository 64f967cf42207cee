// A loopback stand-in for Qoder's live API, answering either correctly or with one chosen
// defect, so the live conformance mode can be shown to flag bad answers and pass good ones.
import { startServer } from './loopback-server.js';

export type Defect = 'none' | 'wrong_status' | 'missing_field' | 'wrong_content_type';

const agent = {
  type: 'agent',
  id: 'agent_019e0000000000000000000000000000',
  name: 'live-test-agent',
  description: 'Agent served by the fake vendor',
  model: 'ultimate',
  system: 'You are a test.',
  tools: [],
  mcp_servers: [],
  skills: [],
  metadata: {},
  version: 1,
  archived: false,
  archived_at: null,
  created_at: '2026-05-18T15:26:39.61669Z',
  updated_at: '2026-05-18T15:26:39.61669Z',
};

const qoderError = (type: string, message: string) => ({ type: 'error', error: { type, message } });

export async function startFakeQoder(
  defect: Defect,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = await startServer((req, res) => {
    requests.push(`${req.method} ${req.url}${req.headers.authorization ? '' : ' (no credentials)'}`);
    const send = (status: number, body: unknown, contentType = 'application/json'): void => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = new URL(req.url!, 'http://x').pathname;
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      return send(401, qoderError('authentication_error', 'Invalid API key or token.'));
    }
    const single = /^\/api\/v1\/cloud\/agents\/([^/]+)$/.exec(path);
    const list = path === '/api/v1/cloud/agents';
    if (!single && !list && !/^\/api\/v1\/cloud\/agents\/[^/]+\/archive$/.test(path)) {
      return send(404, qoderError('not_found_error', `No route ${path}.`));
    }
    if (req.method !== (path.endsWith('/archive') ? 'POST' : 'GET')) {
      return send(405, qoderError('invalid_request_error', `Method ${req.method} not allowed.`));
    }
    const body = list ? { data: [agent], first_id: agent.id, last_id: agent.id, has_more: false } : agent;
    switch (defect) {
      case 'wrong_status':
        return send(202, body);
      case 'missing_field': {
        const { id: _dropped, ...broken } = agent;
        return send(200, list ? { ...body, data: [broken] } : broken);
      }
      case 'wrong_content_type':
        return send(200, JSON.stringify(body), 'text/plain');
      default:
        return send(200, body);
    }
  });
  return { url: `${server.url}/api/v1/cloud`, requests, close: () => server.close() };
}
