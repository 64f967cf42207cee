// A hostile server: answers `status` in the vendor's envelope and echoes the caller's credentials into
// every place it can (message, extra fields, a JSON key, response headers, the request id).
import type { Behaviour } from './loopback-server.js';
import { errorBody, type Vendor } from './vendors.js';

export function echoCredentials(vendor: Vendor, status: number, { inRequestId = true } = {}): Behaviour {
  return (req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const key = auth.replace(/^Bearer\s+/i, '');
    const envelope = errorBody(vendor, status, `invalid token ${key} (sent as "${auth}")`) as Record<string, unknown>;
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': inRequestId ? `req_${key}` : 'req_1',
      'x-echo-authorization': auth,
      'set-cookie': `session=${key}; HttpOnly`,
      'www-authenticate': `Bearer error="invalid_token", token="${key}"`,
      'retry-after': '0',
    });
    res.end(
      JSON.stringify({
        ...envelope,
        request_id: `req_${key}`,
        debug: { headers: { authorization: auth } },
        [key]: key,
      }),
    );
  };
}
