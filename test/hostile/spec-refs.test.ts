// A vendor's spec may not make generate read a file outside its folder or call the network: every
// `$ref` is resolved by policy (scripts/pipeline/ref-policy.ts), refusals are one line naming the file,
// the JSON pointer and the rule, and nothing is written.
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMockDocument, neutraliseDataRefs } from '../../conformance/harness/mock-document.js';
import { parseYaml } from '../../scripts/pipeline/yaml.js';
import { allText, baseSpec, CANARY, generateIn, type HostileTree, hostileTree } from '../helpers/hostile-spec.js';
import { type LoopbackServer, startServer } from '../helpers/loopback-server.js';

let logging: LoopbackServer;
// Accepts connections and never answers: a host that would hang whoever calls it.
let silent: net.Server;
let silentConnections = 0;
let silentUrl = '';

beforeAll(async () => {
  logging = await startServer(
    (_req, res) =>
      void res.writeHead(200, { 'content-type': 'application/yaml' }).end(`type: string\ndescription: ${CANARY}\n`),
  );
  silent = net.createServer((socket) => {
    silentConnections++;
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await logging.close();
  await new Promise((resolve) => silent.close(resolve));
});

/** The generate line for a refused spec, after checking nothing leaked and nothing was written. */
async function refused(tree: HostileTree): Promise<string> {
  const r = await generateIn(tree);
  expect(r.ok).toBe(false);
  expect(r.lines).toHaveLength(1);
  const line = r.lines[0]!;
  expect(line).not.toMatch(/internal error|\n|at .*\.ts:\d+/);
  expect(line).not.toContain(CANARY);
  await expect(fs.stat(tree.out)).rejects.toThrow(); // nothing written
  return line;
}

describe('file references', () => {
  it('an Example Object $ref to ../../.env is refused: file, pointer, rule', async () => {
    const spec = baseSpec();
    spec.paths['/agents/{id}'].get.responses['200'].content['application/json'].examples = {
      leak: { $ref: '../../.env' },
    };
    const tree = await hostileTree(spec);
    const line = await refused(tree);
    expect(line).toContain(`${path.join(tree.vendorDir, 'openapi.yaml')}`);
    expect(line).toContain('#/paths/~1agents~1{id}/get/responses/200/content/application~1json/examples/leak');
    expect(line).toContain("rule: relative refs stay inside the vendor's folder");
    expect(line).toContain('nothing was written');
  });

  it('a schema $ref to an absolute path (/etc/passwd, the canary) is refused', async () => {
    for (const target of ['/etc/passwd', 'CANARY_ABSOLUTE']) {
      const spec = baseSpec();
      const tree = await hostileTree();
      spec.components.schemas.Agent.properties.name = { $ref: target === 'CANARY_ABSOLUTE' ? tree.canaryFile : target };
      await fs.writeFile(path.join(tree.vendorDir, 'openapi.yaml'), JSON.stringify(spec));
      expect(await refused(tree)).toContain('rule: absolute paths are never read');
    }
  });

  it('../../../../etc/hostname and a file: URL are refused', async () => {
    for (const ref of ['../../../../etc/hostname', 'file:///etc/hostname']) {
      const spec = baseSpec();
      spec.components.schemas.Agent.properties.name = { $ref: ref };
      expect(await refused(await hostileTree(spec))).toMatch(/refused: it (leaves|is a URL)/);
    }
  });

  it('a symlink inside the vendor folder pointing outside is refused (real path checked)', async () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.name = { $ref: './inside.yaml' };
    const tree = await hostileTree(spec);
    await fs.symlink(tree.canaryFile, path.join(tree.vendorDir, 'inside.yaml'));
    expect(await refused(tree)).toContain('is a link out of');
  });

  it('a file referenced from a referenced file is held to the same policy', async () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.name = { $ref: './common.yaml' };
    const tree = await hostileTree(spec);
    await fs.writeFile(
      path.join(tree.vendorDir, 'common.yaml'),
      "type: object\nproperties:\n  x:\n    $ref: '../../.env'\n",
    );
    const line = await refused(tree);
    expect(line).toContain('common.yaml');
    expect(line).toContain('#/properties/x');
  });

  it('a relative file inside the vendor folder is still inlined', async () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.name = { $ref: './name.yaml' };
    const tree = await hostileTree(spec);
    await fs.writeFile(path.join(tree.vendorDir, 'name.yaml'), 'type: string\nmaxLength: 64\n');
    const r = await generateIn(tree);
    expect(r.ok, r.lines.join('\n')).toBe(true);
    expect(await fs.readFile(path.join(tree.out, 'acme', 'openapi.yaml'), 'utf8')).toContain('maxLength: 64');
  });
});

describe('network references', () => {
  it('a schema $ref to a loopback URL is refused without a single request', async () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.name = { $ref: `${logging.url}/x.yaml` };
    const before = logging.requests.length;
    const line = await refused(await hostileTree(spec));
    expect(line).toContain('rule: a spec may not make us call the network');
    expect(logging.requests.length).toBe(before);
  });

  it('a $ref to a host that never answers fails at once, without connecting', async () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.name = { $ref: `${silentUrl}/x.yaml` };
    expect(await refused(await hostileTree(spec))).toContain('is a URL');
    expect(silentConnections).toBe(0);
  });

  it('$refs inside an example and an x- extension are data: kept as written, never fetched, dropped from the mock', async () => {
    const spec = baseSpec();
    const media = spec.paths['/agents/{id}'].get.responses['200'].content['application/json'];
    media.example = { id: 'a1', metadata: { leak: { $ref: '/etc/passwd' } } };
    spec.paths['/agents/{id}'].get['x-code-samples'] = { $ref: `${logging.url}/sample.yaml` };
    spec.components.schemas.Agent.description = 'An agent';
    const before = logging.requests.length;
    const tree = await hostileTree(spec);
    const r = await generateIn(tree);
    expect(r.ok, r.lines.join('\n')).toBe(true);
    expect(logging.requests.length).toBe(before);
    const built = await fs.readFile(path.join(tree.out, 'acme', 'openapi.yaml'), 'utf8');
    expect(await allText(tree.out)).not.toContain(CANARY);
    // Data stays what the vendor wrote.
    expect(built).toContain(`$ref: ${logging.url}/sample.yaml`);
    const mock = buildMockDocument(parseYaml(built, 'built') as never, { scope: 'all' });
    expect(JSON.stringify(mock)).not.toContain('$ref":"/');
    expect(JSON.stringify(mock)).not.toContain(logging.url);
    const { dropped } = neutraliseDataRefs(parseYaml(built, 'built') as never);
    expect(dropped).toEqual([
      '#/paths/~1agents~1{id}/get/responses/200/content/application~1json/example',
      '#/paths/~1agents~1{id}/get/x-code-samples',
    ]);
  });
});

describe('reference chains', () => {
  it('a $ref chain 5,000 deep is one line naming where it starts', async () => {
    const spec = baseSpec();
    for (let i = 0; i < 5000; i++) spec.components.schemas[`S${i}`] = { $ref: `#/components/schemas/S${i + 1}` };
    spec.components.schemas.S5000 = { type: 'string' };
    spec.components.schemas.Agent.properties.name = { $ref: '#/components/schemas/S0' };
    const line = await refused(await hostileTree(JSON.stringify(spec)));
    expect(line).toContain('$ref chain longer than 32 starting at #/components/schemas/Agent/properties/name');
  });

  it('a $ref cycle is one line naming where it starts', async () => {
    const spec = baseSpec();
    spec.components.schemas.A = { $ref: '#/components/schemas/B' };
    spec.components.schemas.B = { $ref: '#/components/schemas/A' };
    expect(await refused(await hostileTree(spec))).toMatch(/\$ref cycle starting at #\/components\/schemas\/[AB]/);
  });
});
