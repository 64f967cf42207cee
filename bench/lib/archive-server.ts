// A minimal loopback vendor for benchmarks: answers Smallest's archive (DELETE /agent/{id}/archive)
// with the real 200 envelope, keep-alive, nothing else. Kept apart from the test helpers so the
// measured server does as little as possible.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ARCHIVE_BODY = JSON.stringify({ status: true, data: { message: 'Agent archived' } });

export async function startArchiveServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ARCHIVE_BODY) });
      res.end(ARCHIVE_BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
