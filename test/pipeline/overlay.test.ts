import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../scripts/pipeline/json.js';
import { applyOverlay, parseOverlay } from '../../scripts/pipeline/overlay.js';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { parseYaml } from '../../scripts/pipeline/yaml.js';

const base = (): JsonObject => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  tags: [{ name: 'a' }],
  paths: {
    '/x': {
      delete: {
        parameters: [
          { name: 'id', in: 'path', required: true },
          { name: 'Authorization', in: 'header', required: true },
        ],
        responses: {
          '200': { description: 'ok' },
          '404': { description: 'nf', content: { 'application/json': { schema: { description: 'Any type' } } } },
        },
      },
    },
    '/y': {
      get: { parameters: [{ name: 'Authorization', in: 'header' }], responses: { '200': { description: 'ok' } } },
    },
  },
});

function run(overlayText: string, doc = base()): JsonObject {
  const actions = parseOverlay(parseYaml(overlayText, 'overlay.yaml'), overlayText, 'specs/v/overlay.yaml');
  return applyOverlay(doc, actions, 'specs/v/overlay.yaml');
}

const header = 'overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n';

describe('overlay', () => {
  it('removes every node a filter selects, across operations', () => {
    const out = run(`${header}  - target: "$.paths.*.*.parameters[?(@.name == 'Authorization')]"\n    remove: true\n`);
    const paths = out.paths as Record<string, Record<string, { parameters: JsonObject[] }>>;
    expect(paths['/x']!.delete!.parameters.map((p) => p.name)).toEqual(['id']);
    expect(paths['/y']!.get!.parameters).toEqual([]);
  });

  it('update deep-merges objects, replaces scalars, appends arrays, and appends to an array target', () => {
    const out = run(
      header +
        [
          '  - target: $',
          '    update:',
          '      info: {title: new, description: d}',
          '      tags: [{name: b}]',
          '      security: [{BearerAuth: []}]',
          '  - target: $.tags',
          '    update: {name: c}',
          "  - target: \"$.paths['/x'].delete.responses['404']\"",
          '    update: {content: {application/json: {example: {status: false}}}}',
        ].join('\n'),
    );
    expect(out.info).toEqual({ title: 'new', version: '1', description: 'd' });
    expect(out.tags).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(out.security).toEqual([{ BearerAuth: [] }]);
    const nf = (out.paths as any)['/x'].delete.responses['404'].content['application/json'];
    expect(nf).toEqual({ schema: { description: 'Any type' }, example: { status: false } });
  });

  it('does not modify its input', () => {
    const doc = base();
    run(`${header}  - target: $.info\n    update: {title: z}\n`, doc);
    expect(doc).toEqual(base());
  });

  it('a strict target matching nothing names the overlay file, its line, the action and the target', () => {
    const text = `${header}  - target: $.info\n    update: {title: z}\n  - target: "$.paths['/nope'].get"\n    remove: true\n    x-strict: true\n`;
    let line = '';
    try {
      run(text);
    } catch (e) {
      line = formatError('generate', e);
    }
    expect(line).toBe(
      "generate: specs/v/overlay.yaml:6: action #2 target $.paths['/nope'].get matched nothing (x-strict) — fix the JSONPath (the vendor may have renamed something) or drop the action",
    );
  });

  it('an action the vendor made moot is reported as no longer applying, and the rest applies', () => {
    const text = `${header}  - target: "$.paths['/nope'].get.parameters[?(@.name == 'Authorization')]"\n    remove: true\n    description: The vendor documented auth as a header. It now uses a scheme.\n  - target: $.info\n    update: {title: z}\n`;
    const actions = parseOverlay(parseYaml(text, 'overlay.yaml'), text, 'specs/v/overlay.yaml');
    const notes: string[] = [];
    const out = applyOverlay(base(), actions, 'specs/v/overlay.yaml', notes);
    expect((out.info as any).title).toBe('z');
    expect(notes).toEqual([
      "overlay action #1 no longer applies (specs/v/overlay.yaml:4, target $.paths['/nope'].get.parameters[?(@.name == 'Authorization')] matches nothing): The vendor documented auth as a header.; drop it once confirmed",
    ]);
  });

  it('x-strict at the top of the overlay makes every action strict', () => {
    const text = `overlay: 1.0.0\nx-strict: true\nactions:\n  - target: $.nope\n    remove: true\n`;
    expect(() => run(text)).toThrow(/action #1 target \$\.nope matched nothing \(x-strict\)/);
  });

  it('rejects actions without update or remove, and documents that are not overlays', () => {
    expect(() => run(`${header}  - target: $.info\n`)).toThrow(/action #1 .* has neither `update` nor `remove: true`/);
    expect(() => run('openapi: 3.1.0\n')).toThrow(/not an OpenAPI Overlay document/);
    expect(() => run(`${header}  - target: "$.info.title"\n    update: {a: 1}\n`)).toThrow(/selects a string/);
  });
});

describe('the Smallest overlay on a source that already has the agent reads', () => {
  // Their full spec documents GET /agent and GET /agent/{id}; the doc pages do not. Our overlay adds
  // them only where they are missing: merged into the vendor's own, their parameter lists would repeat.
  const overlayFile = 'specs/smallest/overlay.yaml';
  const text = readFileSync(overlayFile, 'utf8');
  const actions = parseOverlay(parseYaml(text, overlayFile), text, overlayFile);
  const page = { in: 'query', name: 'page', schema: { type: 'integer' } };
  const withReads = (): JsonObject => ({
    openapi: '3.0.0',
    info: { title: 'Agent Management API', version: '1' },
    components: { schemas: { AgentDTO: { type: 'object', properties: { _id: { type: 'string' } } } } },
    paths: {
      '/agent': { get: { parameters: [page], responses: { '200': { description: 'ok' } } } },
      '/agent/{id}': { get: { parameters: [{ in: 'path', name: 'id', required: true }], responses: {} } },
      '/agent/{id}/archive': { delete: { parameters: [{ in: 'path', name: 'id', required: true }], responses: {} } },
    },
  });

  it('leaves the vendor’s reads as they are and says so', () => {
    const notes: string[] = [];
    const out = applyOverlay(withReads(), actions, overlayFile, notes) as any;
    const names = (op: any) => op.parameters.map((p: any) => `${p.in}:${p.name}`);
    expect(names(out.paths['/agent'].get)).toEqual(['query:page']);
    expect(names(out.paths['/agent/{id}'].get)).toEqual(['path:id']);
    expect(notes.filter((n) => n.includes('@root.paths'))).toHaveLength(3);
  });

  it('adds them where the source lacks them (the doc pages)', () => {
    const doc = withReads();
    delete (doc.paths as any)['/agent'];
    delete (doc.paths as any)['/agent/{id}'];
    const out = applyOverlay(doc, actions, overlayFile, []) as any;
    expect(out.paths['/agent'].get.operationId).toBe('getAgents');
    expect(out.paths['/agent/{id}'].get.operationId).toBe('getAgentById');
    expect(out.components.schemas.AgentDTO.properties.archivedAt).toBeDefined();
  });
});
