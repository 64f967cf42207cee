import { describe, expect, it } from 'vitest';
import { changesFor, diffSpecs, formatDrift, reachByOperation } from '../../scripts/pipeline/drift.js';
import { clone } from '../../scripts/pipeline/json.js';
import { generateSpec } from '../fixtures/vocalis/spec-generator.js';

// One small spec; each rule below is one fixture pair: this spec and a copy with one edit.
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const base = {
  openapi: '3.0.0',
  paths: {
    '/assistant': {
      post: {
        operationId: 'createAssistant',
        requestBody: json({ $ref: '#/components/schemas/CreateAssistant' }),
        responses: { '201': json({ $ref: '#/components/schemas/Assistant' }) },
      },
    },
  },
  components: {
    schemas: {
      CreateAssistant: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          mode: { type: 'string', enum: ['chat', 'voice'] },
          voice: { $ref: '#/components/schemas/Voice' },
        },
      },
      Assistant: {
        allOf: [
          { $ref: '#/components/schemas/CreateAssistant' },
          {
            type: 'object',
            required: ['id', 'status'],
            properties: {
              id: { type: 'string' },
              status: { type: 'string', enum: ['active', 'archived'] },
              squad: { $ref: '#/components/schemas/Squad' },
            },
          },
        ],
      },
      Voice: { type: 'object', properties: { speed: { type: 'number' } } },
      // A cycle: Squad -> members[] -> Assistant -> Squad.
      Squad: {
        type: 'object',
        properties: { members: { type: 'array', items: { $ref: '#/components/schemas/Assistant' } } },
      },
    },
  },
};

function changed(edit: (s: any) => void): string[] {
  const next = clone(base) as any;
  edit(next);
  return diffSpecs(base, next).changes.map((c) => c.text);
}

const S = (s: any) => s.components.schemas;

describe('body-aware drift', () => {
  const rules: [string, (s: any) => void, string[]][] = [
    [
      'response property removed: BREAKING',
      (s) => delete S(s).Assistant.allOf[1].properties.squad,
      ['~ POST /assistant: response 201: property squad removed  BREAKING'],
    ],
    [
      'response property made optional: BREAKING',
      (s) => (S(s).Assistant.allOf[1].required = ['id']),
      ['~ POST /assistant: response 201: property status is now optional  BREAKING'],
    ],
    [
      'response enum value removed: BREAKING',
      (s) => (S(s).Assistant.allOf[1].properties.status.enum = ['active']),
      ['~ POST /assistant: response 201.status: enum value "archived" removed  BREAKING'],
    ],
    [
      'response enum value added: not breaking',
      (s) => S(s).Assistant.allOf[1].properties.status.enum.push('deleted'),
      ['+ POST /assistant: response 201.status: enum value "deleted" added'],
    ],
    [
      'request property made required: BREAKING',
      (s) => S(s).CreateAssistant.required.push('mode'),
      ['~ POST /assistant: request body: property mode is now required  BREAKING'],
    ],
    [
      'request property added as required (nested): BREAKING',
      (s) => {
        S(s).Voice.properties.provider = { type: 'string' };
        S(s).Voice.required = ['provider'];
      },
      // Voice is shared: in the response, a new property is only an addition.
      [
        '~ POST /assistant: request body.voice: required property provider added  BREAKING',
        '+ POST /assistant: response 201.voice: property provider added',
      ],
    ],
    [
      'request enum value removed: BREAKING',
      (s) => (S(s).CreateAssistant.properties.mode.enum = ['chat']),
      [
        '~ POST /assistant: request body.mode: enum value "voice" removed  BREAKING',
        '~ POST /assistant: response 201.mode: enum value "voice" removed  BREAKING',
      ],
    ],
    [
      'type changed: BREAKING',
      (s) => (S(s).Voice.properties.speed = { type: 'string' }),
      [
        '~ POST /assistant: request body.voice.speed: type number -> string  BREAKING',
        '~ POST /assistant: response 201.voice.speed: type number -> string  BREAKING',
      ],
    ],
    [
      'optional property added to request and response: not breaking',
      (s) => (S(s).Voice.properties.pitch = { type: 'number' }),
      [
        '+ POST /assistant: request body.voice: property pitch added',
        '+ POST /assistant: response 201.voice: property pitch added',
      ],
    ],
  ];
  for (const [name, edit, expected] of rules) {
    it(name, () => {
      expect(changed(edit)).toEqual(expected);
    });
  }

  it('a response property made required, or a request one made optional, breaks no client', () => {
    expect(changed((s) => S(s).Assistant.allOf[1].required.push('squad'))).toEqual([]);
    // CreateAssistant is also part of the response (allOf), where `name` optional does break readers.
    expect(changed((s) => (S(s).CreateAssistant.required = []))).toEqual([
      '~ POST /assistant: response 201: property name is now optional  BREAKING',
    ]);
  });

  it('finds one change deep in the large recursive spec (shared graph, cycles) without repeating it', () => {
    const prev = generateSpec();
    const next = generateSpec();
    const name = Object.keys(next.components.schemas)[5]!;
    const schema = next.components.schemas[name];
    const victim = Object.keys(schema.properties).find((k) => schema.properties[k].type === 'string')!;
    delete schema.properties[victim];
    const body = diffSpecs(prev, next).changes.filter((c) => c.kind === 'body');
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((c) => c.text.includes(`property ${victim} removed  BREAKING`))).toBe(true);
    expect(new Set(body.map((c) => c.text.split(': ').slice(1).join(': '))).size).toBeLessThanOrEqual(body.length);
  });
});

describe('impact by reachability', () => {
  // Agent is shared: reached through a $ref, array items, an allOf, a oneOf branch, an anyOf branch
  // and additionalProperties, each by a different operation. Detail is reached only through Agent.
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const shared = {
    openapi: '3.1.0',
    paths: {
      '/agents/{id}': { get: { responses: { '200': json(ref('Agent')) } } },
      '/agents': {
        get: {
          responses: { '200': json({ type: 'object', properties: { data: { type: 'array', items: ref('Agent') } } }) },
        },
      },
      '/extended': { get: { responses: { '200': json({ allOf: [ref('Agent'), { type: 'object' }] }) } } },
      '/either': {
        post: { requestBody: json({ oneOf: [{ type: 'string' }, ref('Agent')] }), responses: { '204': {} } },
      },
      '/any': { get: { responses: { '200': json({ anyOf: [ref('Agent'), { type: 'null' }] }) } } },
      '/byName': { get: { responses: { '200': json({ type: 'object', additionalProperties: ref('Agent') }) } } },
      '/other': { get: { responses: { '200': json({ type: 'object', properties: { n: { type: 'number' } } }) } } },
    },
    components: {
      schemas: {
        Agent: {
          type: 'object',
          required: ['id', 'archived_at'],
          properties: { id: { type: 'string' }, archived_at: { type: ['string', 'null'] }, detail: ref('Detail') },
        },
        Detail: { type: 'object', properties: { note: { type: 'string' } } },
      },
    },
  };
  // Every operation that reads an Agent (POST /either writes one).
  const reading = ['GET /agents/{id}', 'GET /agents', 'GET /extended', 'GET /any', 'GET /byName'];

  it('every schema an operation reaches, through each keyword, with the first path to it', () => {
    const reach = reachByOperation(shared);
    const flat = [...reach].map(([op, r]) => [
      op,
      { ...Object.fromEntries(r.request), ...Object.fromEntries(r.response) },
    ]);
    expect(reach.get('POST /either')!.response.size).toBe(0);
    expect(Object.fromEntries(flat)).toEqual({
      'GET /agents/{id}': {
        '#/components/schemas/Agent': 'response 200',
        '#/components/schemas/Detail': 'response 200.detail',
      },
      'GET /agents': {
        '#/components/schemas/Agent': 'response 200.data[]',
        '#/components/schemas/Detail': 'response 200.data[].detail',
      },
      'GET /extended': {
        '#/components/schemas/Agent': 'response 200',
        '#/components/schemas/Detail': 'response 200.detail',
      },
      'POST /either': {
        '#/components/schemas/Agent': 'request body(oneOf 2)',
        '#/components/schemas/Detail': 'request body(oneOf 2).detail',
      },
      'GET /any': {
        '#/components/schemas/Agent': 'response 200(anyOf 1)',
        '#/components/schemas/Detail': 'response 200(anyOf 1).detail',
      },
      'GET /byName': {
        '#/components/schemas/Agent': 'response 200{}',
        '#/components/schemas/Detail': 'response 200{}.detail',
      },
      'GET /other': {},
    });
  });

  it('a change in a shared schema is reported once, listing every operation that reaches it', () => {
    const next = clone(shared) as any;
    const agent = next.components.schemas.Agent;
    agent.properties.archivedAt = agent.properties.archived_at;
    delete agent.properties.archived_at;
    agent.required = ['id', 'archivedAt'];
    const report = diffSpecs(shared, next);
    // Once where it is read, once where it is written (POST /either sends an Agent).
    const removed = report.changes.filter((c) => c.text.includes('archived_at removed'));
    expect(removed.map((c) => c.operation)).toEqual(['GET /agents/{id}', 'POST /either']);
    expect(removed[0]).toMatchObject({ schema: '#/components/schemas/Agent', within: '', reachedBy: reading });
    expect(formatDrift('acme', report).slice(1, 3)).toEqual([
      '  ~ GET /agents/{id}: response 200: property archived_at removed  BREAKING',
      `      in #/components/schemas/Agent, also reached by ${reading.slice(1).join(', ')}`,
    ]);
    const reach = [reachByOperation(next), reachByOperation(shared)];
    // Each reaching operation is changed, with the path from its own body to the field.
    expect(changesFor(report, 'GET /agents', reach)).toEqual([
      'response 200.data[]: property archived_at removed  BREAKING',
      'response 200.data[]: property archivedAt added',
    ]);
    expect(changesFor(report, 'POST /either', reach)).toContain(
      'request body(oneOf 2): property archived_at removed  BREAKING',
    );
    expect(changesFor(report, 'GET /byName', reach)).toContain(
      'response 200{}: property archived_at removed  BREAKING',
    );
    expect(changesFor(report, 'GET /other', reach)).toEqual([]);
  });

  it('a change two schemas deep changes every operation reaching the outer one', () => {
    const next = clone(shared) as any;
    next.components.schemas.Detail.properties.note = { type: 'number' };
    const report = diffSpecs(shared, next);
    const changes = report.changes.filter((c) => c.kind === 'body');
    // Once per direction: Agent is read (responses) and written (POST /either's request).
    expect(changes.map((c) => c.text)).toEqual([
      '~ GET /agents/{id}: response 200.detail.note: type string -> number  BREAKING',
      '~ POST /either: request body(oneOf 2).detail.note: type string -> number  BREAKING',
    ]);
    expect(changes[0]).toMatchObject({ schema: '#/components/schemas/Detail', within: '.note', reachedBy: reading });
    const reach = [reachByOperation(next), reachByOperation(shared)];
    expect(changesFor(report, 'GET /any', reach)).toEqual([
      'response 200(anyOf 1).detail.note: type string -> number  BREAKING',
    ]);
  });

  it('oneOf/anyOf branches and additionalProperties are compared too', () => {
    const next = clone(shared) as any;
    next.paths['/any'].get.responses['200'] = json({ anyOf: [ref('Agent'), { type: 'null' }, { type: 'string' }] });
    next.paths['/byName'].get.responses['200'] = json({ type: 'object', additionalProperties: { type: 'string' } });
    expect(diffSpecs(shared, next).changes.map((c) => c.text)).toEqual([
      '~ GET /any: response 200: anyOf branch 3 added  BREAKING',
      '~ GET /byName: response 200{}: type object -> string  BREAKING',
    ]);
  });
});
