import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../scripts/pipeline/drift.js';
import { clone } from '../../scripts/pipeline/util.js';
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
