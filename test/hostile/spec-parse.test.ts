// Parsing a vendor's spec: bounded (alias bombs, cycles, nesting, size), strict (duplicate keys), and a
// key named __proto__ or constructor stays data in every path (full spec, pages merge, overlay, mock
// document, ajv): nothing reaches Object.prototype.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMockDocument } from '../../conformance/harness/mock-document.js';
import { createSchemaValidator } from '../../conformance/suite/schema.js';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { pull } from '../../scripts/pipeline/pull.js';
import { listVendors } from '../../scripts/pipeline/sources.js';
import { parseYaml } from '../../scripts/pipeline/yaml.js';
import { baseSpec, generateIn, hostileTree } from '../helpers/hostile-spec.js';

const proto = Object.prototype as Record<string, unknown>;
afterEach(() => {
  // Whatever a test did, the prototype is as it was (a polluted one would break every later test).
  for (const k of ['polluted', 'get', 'x']) expect(Object.hasOwn(proto, k), k).toBe(false);
});

const line = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return formatError('generate', err);
  }
  throw new Error('expected a refusal');
};

const BOMB = [
  'openapi: 3.0.3',
  "info: {title: bomb, version: '1'}",
  'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `x-${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'paths: {}',
].join('\n');

describe('parsing limits', () => {
  it('a YAML bomb (9 anchors × 9 aliases, < 1 kB) is refused at once, one line', async () => {
    expect(BOMB.length).toBeLessThan(1000);
    expect(line(() => parseYaml(BOMB, 'bomb.yaml'))).toMatch(
      /^generate: bomb\.yaml: YAML aliases expand the document to \d+ nodes from \d+ \(limit \+100000\) — /,
    );
    const tree = await hostileTree(BOMB);
    const r = await generateIn(tree);
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toContain('YAML aliases expand the document');
  });

  it('an alias cycle is one line with the pointer where it closes', () => {
    expect(line(() => parseYaml('openapi: 3.0.3\npaths: &p\n  /a: *p\n', 'cycle.yaml'))).toContain(
      'alias cycle (a node contains itself) at #/paths/~1a',
    );
  });

  it('nesting past the limit, and duplicate keys, are one line each', () => {
    expect(line(() => parseYaml(`${'['.repeat(5000)}${']'.repeat(5000)}`, 'deep.yaml'))).toMatch(
      /deep\.yaml:1:\d+: invalid YAML: nesting exceeded/,
    );
    expect(line(() => parseYaml('a: 1\nb: 2\na: 3\n', 'dup.yaml'))).toContain(
      'dup.yaml:3:1: invalid YAML: duplicated mapping key',
    );
  });

  it('no hostile parse ends in an internal error or a stack trace', () => {
    for (const text of [BOMB, 'a: &a [*a]', '{'.repeat(100_000), `x: ${'*a '.repeat(10)}`]) {
      const l = line(() => parseYaml(text, 'h.yaml'));
      expect(l).not.toMatch(/internal error|Maximum call stack|\n/);
    }
  });
});

describe('prototype keys are data', () => {
  it('paths: {__proto__: …} in a full spec does not pollute; the key stays a key', async () => {
    const text = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  __proto__:\n    get: {polluted: true}\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n`;
    const doc = parseYaml(text, 'p.yaml') as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(['__proto__', '/a']);
    const r = await generateIn(await hostileTree(text));
    expect(r.lines.join('\n')).not.toMatch(/internal error|Getter must be a function/);
    expect({} as Record<string, unknown>).not.toHaveProperty('get');
  });

  it('pages merge and overlay updates with __proto__ and constructor keys do not pollute', async () => {
    const tree = await hostileTree();
    await fs.rm(path.join(tree.vendorDir, 'openapi.yaml'));
    await fs.mkdir(path.join(tree.vendorDir, 'pages'));
    const page = (p: string) =>
      `# page\n\n\`\`\`yaml\nopenapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  __proto__:\n    get: {polluted: ${p}}\n  /${p}:\n    get:\n      operationId: op${p}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    __proto__: {x: 1}\n    constructor: {type: string}\n\`\`\`\n`;
    await fs.writeFile(path.join(tree.vendorDir, 'pages', 'a.md'), page('a'));
    await fs.writeFile(
      path.join(tree.vendorDir, 'pages', 'b.md'),
      page('a').replace('/a:', '/b:').replace('opa', 'opb'),
    );
    await fs.writeFile(
      path.join(tree.vendorDir, 'overlay.yaml'),
      "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.paths['/a'].get\n    update:\n      __proto__: {polluted: yes}\n      x-note: fine\n",
    );
    const r = await generateIn(tree);
    expect(r.lines.join('\n')).not.toMatch(/internal error/);
    expect({} as Record<string, unknown>).not.toHaveProperty('polluted');
  });

  it('the mock document with --scope all keeps __proto__ paths and properties as data', () => {
    const spec = baseSpec();
    spec.paths = JSON.parse('{"__proto__": {"get": {"responses": {"200": {"description": "x"}}}}}');
    spec.components.schemas.Agent.properties = JSON.parse(
      '{"__proto__": {"type": "string"}, "constructor": {"type": "string"}}',
    );
    spec.paths['/x'] = {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Agent' } } },
          },
        },
      },
    };
    const mock = buildMockDocument(spec as never, { scope: 'all' }) as Record<string, any>;
    expect(Object.keys(mock.paths)).toEqual(['__proto__', '/x']);
    expect(Object.keys(mock.paths['/x'].get.responses['200'].content['application/json'].schema.properties)).toEqual([
      '__proto__',
      'constructor',
    ]);
    expect({} as Record<string, unknown>).not.toHaveProperty('get');
  });

  it('a schema property named constructor does not make ajv fail valid instances', () => {
    const spec = baseSpec();
    spec.components.schemas.Agent.properties.constructor = { type: 'string' };
    spec.components.schemas.Agent.required = ['id', 'constructor'];
    const v = createSchemaValidator(spec as never);
    expect(v.validate('/components/schemas/Agent', { id: 'a', constructor: 'c' })).toEqual([]);
    expect(v.validate('/components/schemas/Agent', { id: 'a' })).not.toEqual([]);
  });
});

describe('vendor names', () => {
  it.each(['Acme Corp', '-rf', 'x;$(touch pwned)', `esc\u001b]0;title\u0007`, 'a'.repeat(32)])(
    'a folder named %j is refused in one line',
    async (name) => {
      const tree = await hostileTree();
      await fs.mkdir(path.join(tree.specs, name));
      const err = await listVendors(tree.specs).catch((e: unknown) => formatError('generate', e));
      expect(err).toMatch(/^generate: .*invalid vendor name ".*" \(must match \^\[a-z\]\[a-z0-9-\]\{0,30\}\$\) — /);
      expect(err).not.toContain('\u001b');
      const r = await generateIn(tree);
      expect(r.ok).toBe(false);
      await expect(fs.stat(tree.out)).rejects.toThrow();
    },
  );

  it('specs:pull refuses a bad vendor name before reading anything', async () => {
    const tree = await hostileTree();
    const err = await pull({ specsDir: tree.specs, outDir: tree.out, vendor: '../acme', source: '/nonexistent' }).catch(
      (e: unknown) => formatError('specs:pull', e),
    );
    expect(err).toMatch(/^specs:pull: invalid vendor name "\.\.\/acme"/);
  });
});
