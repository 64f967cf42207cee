// specs:pull is the only place a spec's network reads happen, and they are bounded: one total timeout,
// a size cap; URL refs are fetched only when allow-listed, stored as files, and generate reads the
// stored copies. Ctrl-C/SIGTERM leave specs/ and generated/ as they were.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { pull } from '../../scripts/pipeline/pull.js';
import { dumpYaml } from '../../scripts/pipeline/yaml.js';
import { baseSpec, generateIn, hostileTree } from '../helpers/hostile-spec.js';
import { type LoopbackServer, startServer } from '../helpers/loopback-server.js';
import { LineWaiter, snapshotDir, spawnScript } from '../helpers/workspace.js';

let server: LoopbackServer;
const withRelative = baseSpec();
withRelative.components.schemas.Agent.properties.name = { $ref: './name.yaml' };
const withUrl = baseSpec();

beforeAll(async () => {
  server = await startServer();
  withUrl.components.schemas.Agent.properties.name = { $ref: `${server.url}/never.yaml` };
});
afterAll(() => server.close());

function serve(routes: Record<string, string>): void {
  server.script((req, res) => {
    const body = routes[req.url ?? ''];
    if (body === 'HANG') return; // accepts, never answers
    if (body === undefined) return void res.writeHead(404).end('nope');
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(body);
  });
}

const bytes = (snap: Record<string, { bytes: string }>) =>
  Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.bytes]));

const pullLine = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: unknown) => formatError('specs:pull', e),
  );

describe('specs:pull network reads', () => {
  it('a host that never answers ends at the total timeout, one line, tree untouched', async () => {
    serve({ '/openapi.yaml': 'HANG' });
    const tree = await hostileTree();
    const before = await snapshotDir(tree.root);
    const line = await pullLine(
      pull({
        specsDir: tree.specs,
        outDir: tree.out,
        vendor: 'acme',
        source: `${server.url}/openapi.yaml`,
        timeoutMs: 300,
      }),
    );
    expect(line).toMatch(/^specs:pull: http:\/\/127\.0\.0\.1:\d+\/openapi\.yaml: timed out \(the pull's 300 ms/);
    expect(await snapshotDir(tree.root)).toEqual(before);
  });

  it('a body over the size cap is refused', async () => {
    serve({ '/openapi.yaml': `openapi: 3.0.3\n${'#'.repeat(5000)}\n` });
    const tree = await hostileTree();
    const line = await pullLine(
      pull({
        specsDir: tree.specs,
        outDir: tree.out,
        vendor: 'acme',
        source: `${server.url}/openapi.yaml`,
        maxBytes: 1000,
      }),
    );
    expect(line).toContain('larger than 1000 bytes');
  });

  it('a relative $ref in a spec pulled from a URL is not resolved against specs/<vendor>/ unless allowed', async () => {
    serve({ '/api/openapi.yaml': dumpYaml(withRelative), '/api/name.yaml': 'type: string\nmaxLength: 7\n' });
    const tree = await hostileTree();
    const source = `${server.url}/api/openapi.yaml`;
    const before = server.requests.length;
    const line = await pullLine(pull({ specsDir: tree.specs, outDir: tree.out, vendor: 'acme', source }));
    expect(line).toContain(`is relative to the URL the spec came from: ${server.url}/api/name.yaml`);
    expect(server.requests.length - before).toBe(1); // the spec only

    // Opted in: fetched once at pull time, stored beside the spec; generate reads the file, not the URL.
    await fs.writeFile(path.join(tree.vendorDir, 'allowed-refs.txt'), `# vendor's own files\n${server.url}/api/\n`);
    const r = await pull({ specsDir: tree.specs, outDir: tree.out, vendor: 'acme', source });
    expect(r.kind).toBe('spec');
    expect(await fs.readFile(path.join(tree.vendorDir, 'name.yaml'), 'utf8')).toContain('maxLength: 7');
    const afterPull = server.requests.length;
    expect((await generateIn(tree)).ok).toBe(true);
    expect(server.requests.length).toBe(afterPull);
  });

  it('an absolute URL $ref that is not allow-listed: pull fails in one line, specs/ restored', async () => {
    serve({ '/openapi.yaml': dumpYaml(withUrl) });
    const tree = await hostileTree();
    const before = bytes(await snapshotDir(tree.specs));
    const line = await pullLine(
      pull({ specsDir: tree.specs, outDir: tree.out, vendor: 'acme', source: `${server.url}/openapi.yaml` }),
    );
    expect(line).toContain('rule: a spec may not make us call the network');
    expect(bytes(await snapshotDir(tree.specs))).toEqual(before);
  });

  it('an allow-listed URL $ref is fetched once at pull time, stored under refs/, and generate reads the copy', async () => {
    serve({ '/openapi.yaml': dumpYaml(withUrl), '/never.yaml': 'type: string\nmaxLength: 9\n' });
    const tree = await hostileTree();
    await fs.writeFile(path.join(tree.vendorDir, 'allowed-refs.txt'), `${server.url}/\n`);
    const before = server.requests.length;
    await pull({ specsDir: tree.specs, outDir: tree.out, vendor: 'acme', source: `${server.url}/openapi.yaml` });
    expect(server.requests.length - before).toBe(2);
    const host = new URL(server.url).host.replace(':', '_');
    expect(await fs.readFile(path.join(tree.vendorDir, 'refs', host, 'never.yaml'), 'utf8')).toContain('maxLength: 9');
    await fs.rm(tree.out, { recursive: true });
    expect((await generateIn(tree)).ok).toBe(true);
    expect(server.requests.length - before).toBe(2);
    expect(await fs.readFile(path.join(tree.out, 'acme', 'openapi.yaml'), 'utf8')).toContain('maxLength: 9');
  });

  it('SIGTERM during a pull: exits non-zero at once, specs/ and generated/ as they were', async () => {
    serve({ '/openapi.yaml': 'HANG' });
    const tree = await hostileTree();
    const before = await snapshotDir(tree.root);
    const child = spawnScript('specs-pull.ts', [
      'acme',
      `${server.url}/openapi.yaml`,
      '--specs-dir',
      tree.specs,
      '--out-dir',
      tree.out,
    ]);
    const out = new LineWaiter(child);
    const waiting = server.requests.length;
    await server.waitForRequests(waiting + 1, 30_000);
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await code).not.toBe(0);
    await out.wait(/specs:pull: .*interrupted/);
    expect(await snapshotDir(tree.root)).toEqual(before);
  });
});
