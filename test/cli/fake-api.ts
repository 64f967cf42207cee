import type { IncomingMessage, ServerResponse } from 'node:http';
import { agentIdOf, delay, qoderAgent, qoderError, sendJson, startServer } from '../bulk/server.js';

/**
 * One loopback server speaking enough of each vendor for the CLI: Qoder archive/get/list, Ayra
 * delete/archive, Smallest archive/discard-draft. Ids starting with `gone` are 404; `echo` answers 400
 * with the caller's Authorization header in the message (a server that leaks the key back); `hang`
 * is never answered.
 */
export function startFakeApi(options: { delayMs?: number; onRequest?: (id: string) => void } = {}) {
  return startServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const id = agentIdOf(url) || decodeURIComponent(/\/agent\/([^/?]+)/.exec(url)?.[1] ?? '');
    options.onRequest?.(id);
    if (options.delayMs) await delay(options.delayMs);
    // Never answered: the client has to give up (abort) on its own.
    if (id.startsWith('hang')) return;
    if (id.startsWith('gone')) return qoderError(res, 404, 'not_found_error', `No agent with id ${id}`);
    if (id.startsWith('echo')) return qoderError(res, 400, 'invalid_request_error', `bad credentials: ${req.headers.authorization}`);
    if (req.method === 'GET' && /^\/agents(\?|$)/.test(url)) {
      return sendJson(res, 200, { data: [qoderAgent('agent_1'), qoderAgent('agent_2')], first_id: 'agent_1', last_id: 'agent_2', has_more: true });
    }
    if (req.method === 'DELETE' && url.startsWith('/agents/')) {
      res.statusCode = 204;
      return res.end();
    }
    if (req.method === 'DELETE' && url.startsWith('/agent/')) {
      const draft = url.includes('/drafts/');
      return sendJson(res, 200, { status: true, data: draft ? null : { message: 'Agent archived' } });
    }
    return sendJson(res, 200, qoderAgent(id));
  });
}
