// specs:pull in-process: local files and a loopback HTTP server (never the network).
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { classify, type PullOptions, pull } from '../../scripts/pipeline/pull.js';
import { syntheticSpecYaml } from '../fixtures/synthetic-spec.js';
import { type LoopbackServer, startServer } from '../helpers/loopback-server.js';
import { pagesVendor, smallestPages, snapshotDir, type Workspace, workspace } from '../helpers/workspace.js';

let server: LoopbackServer;
let base = '';
const page004 = path.join(smallestPages, '004_discard-a-draft.md');

beforeAll(async () => {
  const page = await fs.readFile(page004);
  const spec = syntheticSpecYaml({ operations: 3 });
  server = await startServer((req, res) => {
    if (req.url === '/docs/discard-a-draft') res.writeHead(200, { 'content-type': 'text/markdown' }).end(page);
    else if (req.url === '/openapi.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(spec);
    else if (req.url === '/moved') res.writeHead(301, { location: '/docs/discard-a-draft' }).end();
    else res.writeHead(404, 'Not Found').end('nope');
  });
  base = server.url;
});
afterAll(() => server.close());

async function smallestWithout004(): Promise<{ ws: Workspace; dir: string }> {
  const ws = await workspace();
  const dir = await pagesVendor(ws);
  await fs.rm(path.join(dir, 'pages', '004_discard-a-draft.md'));
  return { ws, dir };
}

const opts = (ws: Workspace, vendor: string, source: string): PullOptions => ({
  specsDir: ws.specs,
  outDir: ws.out,
  vendor,
  source,
});

const bytes = (snap: Record<string, { bytes: string }>) =>
  Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.bytes]));

async function pullError(o: PullOptions): Promise<string> {
  try {
    await pull(o);
  } catch (e) {
    return formatError('specs:pull', e);
  }
  throw new Error('expected pull to fail');
}

describe('specs:pull', () => {
  it('saves a page from a local file byte for byte and regenerates', async () => {
    const { ws, dir } = await smallestWithout004();
    const r = await pull(opts(ws, 'smallest', page004));
    expect(r.kind).toBe('page');
    expect(r.saved).toBe(path.join(dir, 'pages', '004_discard-a-draft.md'));
    expect((await fs.readFile(r.saved)).equals(await fs.readFile(page004))).toBe(true);
    expect(r.generated.lines[0]).toBe('smallest: new (2 operations) (wrote openapi.yaml, schema.d.ts)');
  });

  it('saves a page from loopback HTTP (following redirects), named after the URL, and reports drift', async () => {
    const { ws, dir } = await smallestWithout004();
    await pull(opts(ws, 'smallest', page004)); // baseline with 004 under its file name
    await fs.rm(path.join(dir, 'pages', '004_discard-a-draft.md'));
    const r = await pull(opts(ws, 'smallest', `${base}/moved`));
    expect(r.saved).toBe(path.join(dir, 'pages', 'discard-a-draft.md'));
    expect((await fs.readFile(r.saved)).equals(await fs.readFile(page004))).toBe(true);
    // Same content under another name: the API did not change.
    expect(r.generated.lines[0]).toBe('smallest: unchanged');
  });

  it('saves a full spec from HTTP as openapi.yaml; it takes precedence over the pages', async () => {
    const { ws, dir } = await smallestWithout004();
    await fs.rm(path.join(dir, 'overlay.yaml')); // the fixture overlay targets the pages' paths
    await pull(opts(ws, 'smallest', page004));
    const r = await pull(opts(ws, 'smallest', `${base}/openapi.yaml`));
    expect(r).toMatchObject({ kind: 'spec', saved: path.join(dir, 'openapi.yaml') });
    expect(r.generated.lines).toContain(
      'smallest: note: using openapi.yaml; pages/ ignored (a full spec takes precedence)',
    );
    expect(r.generated.lines).toContain('  - DELETE /agent/{id}/archive (delete-agent)  BREAKING');
    expect(r.generated.lines).toContain('  + GET /resource0/{id}/action0 (op-0)');
  });

  it('one-line errors for HTTP failures, unreachable hosts, unknown vendors and missing files', async () => {
    const { ws } = await smallestWithout004();
    const before = await snapshotDir(ws.specs);
    expect(await pullError(opts(ws, 'smallest', `${base}/missing.md`))).toBe(
      `specs:pull: ${base}/missing.md: HTTP 404 Not Found — check the URL (the page may have moved)`,
    );
    // A loopback port that was just freed: nothing listens there.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await pullError(opts(ws, 'smallest', `http://127.0.0.1:${port}/x.md`))).toBe(
      `specs:pull: http://127.0.0.1:${port}/x.md: could not connect (ECONNREFUSED) — check the URL and your network`,
    );
    expect(await pullError(opts(ws, 'nobody', page004))).toBe(
      `specs:pull: unknown vendor 'nobody' (known: smallest) — check the name, or mkdir ${ws.specs}/nobody to add a vendor`,
    );
    expect(await pullError(opts(ws, 'smallest', '/no/such/page.md'))).toBe(
      'specs:pull: /no/such/page.md: cannot read (ENOENT) — check the path',
    );
    expect(await snapshotDir(ws.specs)).toEqual(before);
  });

  it('rejects content that does not build and puts the previous source back', async () => {
    const { ws, dir } = await smallestWithout004();
    await pull(opts(ws, 'smallest', page004));
    const before = await snapshotDir(ws.specs);
    const genBefore = await snapshotDir(ws.out);
    // Same file name as an existing page, with a conflicting operation.
    const bad = path.join(ws.root, '004_discard-a-draft.md');
    const page = await fs.readFile(path.join(dir, 'pages', '000_archive-or-unarchive-agent.md'), 'utf8');
    await fs.writeFile(bad, page.replace('summary: Archive or unarchive an agent', 'summary: Something else'));
    const line = await pullError(opts(ws, 'smallest', bad));
    expect(line).toMatch(
      /004_discard-a-draft\.md:\d+: paths\['\/agent\/\{id\}\/archive'\]\.delete differs between 000_archive-or-unarchive-agent\.md and 004_discard-a-draft\.md — .* \(the pulled file was not kept in specs\/; the rejected input is in .*agent-lifecycle-rejected-smallest-\w+\)$/,
    );
    // The location names the kept copy, which still holds the rejected page at that line.
    const [, keptFile, lineNo] = /^specs:pull: (\S+004_discard-a-draft\.md):(\d+):/.exec(line)!;
    expect(keptFile).toContain('agent-lifecycle-rejected-smallest-');
    const keptText = await fs.readFile(path.resolve(keptFile!), 'utf8');
    expect(keptText).toBe(await fs.readFile(bad, 'utf8'));
    expect(keptText.split('\n').length).toBeGreaterThanOrEqual(Number(lineNo));
    await fs.rm(path.dirname(path.dirname(path.resolve(keptFile!))), { recursive: true, force: true });
    // The overwritten page is restored byte for byte (its mtime necessarily changes).
    expect(bytes(await snapshotDir(ws.specs))).toEqual(bytes(before));
    expect(await snapshotDir(ws.out)).toEqual(genBefore);
  });

  it('classifies pages and specs, and rejects HTML without OpenAPI', () => {
    expect(classify('# t\n```yaml\nopenapi: 3.1.0\n```\n', 'p.md')).toBe('page');
    expect(classify('{"openapi": "3.1.0", "info": {}}', 's.json')).toBe('spec');
    expect(() => classify('<html><pre>openapi: 3.1.0</pre></html>', 'p.html')).toThrow(
      /no OpenAPI document and no ```yaml block/,
    );
  });
});
