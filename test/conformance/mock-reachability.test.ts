// The mock document is a valid document for every input: what paths, webhooks, callbacks, links and
// $defs reach stays, nothing else, and what Prism would refuse is found before it starts.
import { describe, expect, test } from 'vitest';
import { buildMockDocument, mockDocumentProblems, pruneToReachable } from '../../conformance/harness/mock-document.js';
import type { OpenApiDocument } from '../../conformance/suite/spec.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

/** A 3.1 document in the shape of OpenAI's: webhooks reference component schemas. */
function webhooksDoc(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        post: {
          operationId: 'postA',
          requestBody: json({ $ref: '#/components/schemas/A' }),
          responses: {
            '200': {
              description: 'ok',
              ...json({ $ref: '#/components/schemas/A' }),
              links: { toB: { operationRef: '#/paths/~1b/get' } },
            },
          },
          callbacks: {
            done: {
              '{$request.body#/url}': {
                post: {
                  requestBody: json({ $ref: '#/components/schemas/Event' }),
                  responses: { '200': { description: 'ok' } },
                },
              },
            },
          },
        },
      },
      '/b': {
        get: {
          operationId: 'getB',
          responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/B' }) } },
        },
      },
    },
    webhooks: {
      job_cancelled: {
        post: {
          requestBody: json({ $ref: '#/components/schemas/WebhookJobCancelled' }),
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      schemas: {
        A: {
          type: 'object',
          properties: { kind: { $ref: '#/components/schemas/A/$defs/Kind' } },
          $defs: { Kind: { type: 'string', enum: ['x'] } },
        },
        B: { type: 'object' },
        Event: { type: 'object', properties: { id: { type: 'string' } } },
        WebhookJobCancelled: { type: 'object', properties: { data: { $ref: '#/components/schemas/Event' } } },
        Unused: { type: 'object' },
      },
      responses: { NotUsed: { description: 'never referenced' } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

describe('mock document reachability', () => {
  test('pruning keeps what paths, webhooks, callbacks and $defs reach, and every security scheme', () => {
    const pruned = pruneToReachable(webhooksDoc());
    expect(Object.keys(pruned.components.schemas).sort()).toEqual(['A', 'B', 'Event', 'WebhookJobCancelled']);
    expect(pruned.components.responses).toBeUndefined();
    expect(pruned.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(mockDocumentProblems(pruned)).toEqual([]);
  });

  test('a scoped mock of a 3.1 document with webhooks has no dangling $ref (the OpenAI case)', () => {
    const mock = buildMockDocument(webhooksDoc(), { scope: ['postA'] });
    expect(Object.keys(mock.paths)).toEqual(['/a']);
    expect(mockDocumentProblems(mock)).toEqual([]);
    expect(JSON.stringify(mock)).not.toContain('#/components/schemas/');
    // The link to /b (out of scope) is gone with links; the webhook's schema is inlined.
    expect(mock.paths['/a'].post.responses['200'].links).toBeUndefined();
    expect(mock.webhooks.job_cancelled.post.requestBody.content['application/json'].schema.type).toBe('object');
  });

  test('what Prism would refuse is listed before it starts, each at its place', () => {
    const doc = webhooksDoc();
    delete doc.components.schemas.Event;
    doc.paths['/b'].get.responses = {};
    expect(mockDocumentProblems(doc)).toEqual([
      '#/components/schemas/Event does not resolve',
      '#/paths/~1b/get/responses is empty',
    ]);
    expect(mockDocumentProblems({ ...doc, openapi: '2.0' })[0]).toBe('#/openapi: "2.0" is not 3.0.x or 3.1.x');
  });

  test('transport headers documented as response headers are not served', () => {
    const doc = webhooksDoc();
    doc.paths['/b'].get.responses['200'].headers = {
      'Transfer-Encoding': { schema: { type: 'string' } },
      'X-Request-Id': { schema: { type: 'string' } },
    };
    const mock = buildMockDocument(doc, { scope: 'all' });
    expect(Object.keys(mock.paths['/b'].get.responses['200'].headers)).toEqual(['X-Request-Id']);
  });

  test('below the depth a request keeps every branch (a valid request is never refused); a response one', () => {
    const doc = webhooksDoc();
    doc.components.schemas.A = {
      type: 'object',
      required: ['content'],
      properties: {
        content: { oneOf: [{ type: 'string' }, { type: 'array', items: { $ref: '#/components/schemas/B' } }] },
      },
    };
    const mock = buildMockDocument(doc, { scope: ['postA'], depth: 0 });
    const op = mock.paths['/a'].post;
    const request = op.requestBody.content['application/json'].schema.properties.content;
    expect(request.oneOf).toBeUndefined();
    expect(request.anyOf.map((s: { type: string }) => s.type)).toEqual(['string', 'array']);
    const response = op.responses['200'].content['application/json'].schema.properties.content;
    expect(response.oneOf.map((s: { type: string }) => s.type)).toEqual(['string']);
  });
});
