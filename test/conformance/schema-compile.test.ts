// A vendor schema ajv cannot compile (`enum: []`, an unknown type) is the vendor's spec defect, at the
// schema that holds it, in the built spec's file: never our failure, never an unlocated message. A
// failed compile inside a `$ref` cycle once left ajv half-built, and the next schema of the cycle
// failed with `wrapperN.validate is not a function` (the voice-AI spec of issue 20).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawOnlyProvider } from '../../conformance/harness/providers.js';
import { buildCases } from '../../conformance/suite/cases.js';
import type { VendorContext } from '../../conformance/suite/context.js';
import { runCase } from '../../conformance/suite/execute.js';
import { createSchemaValidator, VendorSchemaError } from '../../conformance/suite/schema.js';
import type { OpenApiDocument } from '../../conformance/suite/spec.js';

const load = (): OpenApiDocument =>
  yaml.load(readFileSync(new URL('./fixtures/uncompilable-3.1.yaml', import.meta.url), 'utf8')) as OpenApiDocument;
const FILE = 'generated/uncompilable/openapi.yaml';
const EMPTY_ENUM = '/components/schemas/Node/properties/kind';

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('schemas ajv cannot compile', () => {
  test('the error names the schema that holds the defect, however far the compile started', () => {
    const validator = createSchemaValidator(load(), { file: FILE });
    const err = thrownBy(() =>
      validator.validate('/paths/~1leaves~1{id}/get/responses/200/content/application~1json/schema', {}),
    );
    expect(err).toBeInstanceOf(VendorSchemaError);
    expect(err).toMatchObject({
      pointer: EMPTY_ENUM,
      reason: 'enum must have non-empty array',
      location: `${FILE}#${EMPTY_ENUM}`,
    });
  });

  test('a failed compile inside a $ref cycle leaves no half-built schema behind', () => {
    const validator = createSchemaValidator(load(), { file: FILE });
    // Node first: its compile fails after Leaf (which refers back to Node) compiled within it.
    expect(thrownBy(() => validator.validate('/components/schemas/Node', {}))).toBeInstanceOf(VendorSchemaError);
    // Before the fix: TypeError `wrapper0.validate is not a function`.
    const again = thrownBy(() => validator.validate('/components/schemas/Leaf', { name: 'oak' }));
    expect(again).toBeInstanceOf(VendorSchemaError);
    expect((again as VendorSchemaError).pointer).toBe(EMPTY_ENUM);
    // The schemas outside the cycle still validate.
    expect(validator.validate('/components/schemas/Plain', { id: 'n1' })).toEqual([]);
    expect(validator.validate('/components/schemas/Plain', {})).toEqual(["(root) must have required property 'id'"]);
  });

  test('an OpenAPI 3.0 schema with a type JSON Schema does not know is located too', () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Voice: { type: 'object', properties: { provider: { $ref: '#/components/schemas/Provider' } } },
          Provider: { type: 'enum', enum: ['a', 'b'] },
        },
      },
    } as OpenApiDocument;
    const err = thrownBy(() => createSchemaValidator(doc, { file: FILE }).validate('/components/schemas/Voice', {}));
    expect(err).toMatchObject({
      pointer: '/components/schemas/Provider',
      location: `${FILE}#/components/schemas/Provider`,
    });
    expect((err as VendorSchemaError).reason).toMatch(/type/);
  });
});

describe('conformance cases over schemas that do not compile', () => {
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    // Answers as the spec documents, so that only the schemas can be at fault.
    server = createServer((req, res) => {
      req.resume();
      const [status, body] = req.method === 'GET' ? [200, { name: 'oak' }] : [201, { id: 'n1' }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function run(id: string) {
    const doc = load();
    const ctx: VendorContext = {
      vendor: 'uncompilable',
      provider: rawOnlyProvider('uncompilable'),
      semantics: undefined,
      doc,
      baseUrl,
      mode: 'mock',
      apiKey: 'k',
    };
    const c = buildCases('uncompilable', doc, {}).find((x) => x.id === `uncompilable ${id}`)!;
    return runCase(c, ctx);
  }

  test('a response schema that does not compile: a vendor spec defect at its pointer', async () => {
    const result = await run('getLeaf 200');
    expect(result.outcome).toBe('vendor_spec_defect');
    expect(result.checks.response_schema_conformance).toMatchObject({
      ok: false,
      owner: 'vendor_spec',
      location: `${FILE}#${EMPTY_ENUM}`,
    });
    expect(result.checks.status_code_conformance).toEqual({ ok: true });
  });

  test('a request body schema that does not compile: a vendor spec defect, not "no request was sent" of ours', async () => {
    const result = await run('createNode 201');
    expect(result.outcome).toBe('vendor_spec_defect');
    const failing = Object.values(result.checks).filter((v) => v.ok === false);
    expect(failing.length).toBeGreaterThan(0);
    for (const verdict of failing)
      expect(verdict).toMatchObject({ owner: 'vendor_spec', location: `${FILE}#${EMPTY_ENUM}` });
  });

  test('an example under a schema that does not compile is reported by the examples case, located', async () => {
    const result = await run('examples');
    expect(result.outcome).toBe('vendor_spec_defect');
    const verdict = result.checks.examples_valid as { detail: string; location: string };
    expect(verdict.location).toBe(`${FILE}#/components/schemas/Leaf/example`);
    expect(verdict.detail).toContain(`its schema does not compile: enum must have non-empty array (at ${EMPTY_ENUM})`);
  });
});
