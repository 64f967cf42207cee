// Proof against the mock itself: every operation of the vendor-traits fixture (3.0, nullable,
// patterned ids, required bodies and headers, discriminated oneOf, recursive $ref, no operationIds)
// gets a request that Prism finds valid: no `sl-violations`, no 4xx of Prism's making.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PrismServer, startPrism } from '../../conformance/harness/prism.js';
import { rawOnlyProvider as rawOnly } from '../../conformance/harness/providers.js';
import type { VendorContext } from '../../conformance/suite/context.js';
import { rawCallInit, sampleArgs } from '../../conformance/suite/requests.js';
import { createSchemaValidator } from '../../conformance/suite/schema.js';
import { listOperations, type OpenApiDocument } from '../../conformance/suite/spec.js';

const file = fileURLToPath(new URL('./fixtures/vendor-traits-3.0.yaml', import.meta.url));
const doc = yaml.load(readFileSync(file, 'utf8')) as OpenApiDocument;
let prism: PrismServer | undefined;

beforeAll(async () => {
  prism = await startPrism({ name: 'widgets', spec: file });
}, 60_000);
afterAll(async () => {
  await prism?.stop();
});

test('every synthesized request is valid for Prism', async () => {
  const ctx: VendorContext = {
    vendor: 'widgets',
    provider: rawOnly('widgets'),
    semantics: undefined,
    doc,
    baseUrl: prism!.url,
    mode: 'mock',
    apiKey: 'k',
  };
  ctx.validator = createSchemaValidator(doc);
  const client = createClient<any>({ baseUrl: prism!.url, headers: { Authorization: 'Bearer k' } });
  const seen: Array<[string, number, unknown[]]> = [];
  for (const op of listOperations(doc)) {
    const { response } = await client.request(
      op.method as never,
      op.path,
      rawCallInit(op, sampleArgs(op, ctx), ctx) as never,
    );
    // Only the request's violations are ours; Prism also flags bodies it composed itself.
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as Array<{ location: string[] }>;
    seen.push([`${op.method} ${op.path}`, response.status, violations.filter((v) => v.location[0] === 'request')]);
  }
  expect(seen).toEqual([
    ['delete /widget/{id}/archive', 200, []],
    ['delete /widget/{id}/drafts/{draftId}', 200, []],
    ['post /widget', 201, []],
  ]);
}, 60_000);
