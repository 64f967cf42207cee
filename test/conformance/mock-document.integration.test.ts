import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildMockDocument } from '../../conformance/harness/mock-document.js';
import { startPrism } from '../../conformance/harness/prism.js';
import { createSchemaValidator } from '../../conformance/suite/schema.js';
import type { OpenApiDocument } from '../../conformance/suite/spec.js';
import { generateSpec } from '../fixtures/vocalis/spec-generator.js';

const ASSISTANT_OPS = [
  'post /assistant',
  'get /assistant',
  'get /assistant/{id}',
  'patch /assistant/{id}',
  'delete /assistant/{id}',
];

function operations(doc: OpenApiDocument): string[] {
  return Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((k) => k !== 'parameters')
      .map((method) => `${method} ${path}`),
  );
}

describe('mock document', () => {
  const big = generateSpec();

  test('the fixture is the large, recursive spec the issue describes, and deterministic', () => {
    const text = JSON.stringify(big, null, 2);
    expect(text.length).toBeGreaterThan(3_000_000);
    expect(operations(big).length).toBeGreaterThanOrEqual(130);
    expect(Object.keys(big.components.schemas).length).toBeGreaterThan(900);
    expect(JSON.stringify(generateSpec(), null, 2)).toBe(text);
  });

  test('keeps the operations in scope (operationIds or method and path), and all on request', () => {
    const byRoute = buildMockDocument(big, { scope: ASSISTANT_OPS });
    expect(operations(byRoute).sort()).toEqual([...ASSISTANT_OPS].sort());
    const byId = buildMockDocument(big, { scope: ['AssistantController_findOne', 'CallController_remove'] });
    expect(operations(byId).sort()).toEqual(['delete /call/{id}', 'get /assistant/{id}']);
    expect(operations(buildMockDocument(big, { scope: 'all' })).length).toBe(operations(big).length);
  });

  test('leaves no $ref to a schema and no unused component, whatever the cycles', () => {
    const mock = buildMockDocument(big, { scope: ASSISTANT_OPS, depth: 2 });
    const text = JSON.stringify(mock);
    expect(text).not.toContain('#/components/schemas/');
    expect(mock.components.schemas).toBeUndefined();
    expect(mock.components.securitySchemes).toEqual(big.components.securitySchemes);
    expect(text.length).toBeLessThan(JSON.stringify(big).length / 4);
  });

  test('below the depth a schema keeps what a valid instance needs', () => {
    const doc: OpenApiDocument = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/node': {
          get: {
            operationId: 'getNode',
            responses: {
              '200': {
                description: '',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Node: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'leaf'],
            properties: {
              id: { type: 'string', format: 'uuid' },
              leaf: { $ref: '#/components/schemas/Leaf' },
              next: { $ref: '#/components/schemas/Node' },
              note: { type: 'string' },
            },
          },
          Leaf: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['a', 'b'] } } },
        },
      },
    };
    const schema = buildMockDocument(doc, { scope: 'all', depth: 1 }).paths['/node'].get.responses['200'].content[
      'application/json'
    ].schema;
    // Depth 1: Node is inlined; its `next` (a Node again) is cut to its core: required and plain properties.
    expect(schema.properties.next).toEqual({
      type: 'object',
      required: ['id', 'leaf'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        leaf: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['a', 'b'] } } },
        note: { type: 'string' },
      },
    });
    expect(schema.additionalProperties).toBe(false);
  });

  test('an external $ref is refused with its name', () => {
    const doc: OpenApiDocument = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/x': { get: { responses: { '200': { $ref: 'other.yaml#/R' } } } } },
    };
    expect(() => buildMockDocument(doc, { scope: 'all' })).toThrow(/external \$ref "other.yaml#\/R"/);
  });

  /**
   * One GET on a connection of its own: a loaded machine made a reused keep-alive socket race Prism's
   * idle close ("other side closed"), which says nothing about the mock.
   */
  const get = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpGet(url, { agent: false, headers: { authorization: 'Bearer test' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });

  test('Prism starts on the reduced document of the large spec, and what it answers is valid against the full spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-doc-test-'));
    const file = join(dir, 'vocalis.json');
    writeFileSync(file, JSON.stringify(buildMockDocument(big, { scope: ASSISTANT_OPS })));
    const prism = await startPrism({ name: 'vocalis', spec: file, startTimeoutMs: 60_000 });
    try {
      const res = await get(`${prism.url}/assistant/3fa85f64-5717-4562-b3fc-2c963f66afa6`);
      expect(res.status).toBe(200);
      expect(createSchemaValidator(big).validate('/components/schemas/Assistant', JSON.parse(res.body))).toEqual([]);
      const list = await get(`${prism.url}/assistant`);
      expect(
        createSchemaValidator(big).validate(
          '/paths/~1assistant/get/responses/200/content/application~1json/schema',
          JSON.parse(list.body),
        ),
      ).toEqual([]);
      // Out of scope: the mock does not serve it.
      expect((await get(`${prism.url}/call`)).status).toBe(404);
    } finally {
      await prism.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
