// `npm run corpus` end to end on a folder of one small published-style spec with a repairable defect
// (the real corpus, ../shared/vendor-specs, is CI's, never npm test's).
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vendorOf } from '../../scripts/corpus/vendor-name.js';
import { runScript, workspace } from '../helpers/workspace.js';

const SPEC = {
  openapi: '3.0.3',
  info: { title: 'Acme', version: '1' },
  servers: [{ url: 'https://api.acme.example' }],
  paths: {
    '/plans/{id}': {
      get: {
        operationId: 'getPlan',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/BackoffPlan' } } },
          },
          '404': { description: 'none' },
        },
      },
    },
  },
  components: {
    schemas: {
      // The voice-AI vendor's defect: a string enum typed `object`.
      BackoffPlan: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'object', enum: ['fixed', 'exponential'] }, maxRetries: { type: 'number' } },
      },
    },
  },
};

describe('corpus', () => {
  it('names the vendor after the file', () => {
    expect(vendorOf('/x/openai-openapi.yaml')).toBe('openai');
    expect(vendorOf('smallest-atoms-openapi.yaml')).toBe('smallest-atoms');
    expect(vendorOf('Eleven Labs.openapi.JSON')).toBe('eleven-labs');
  });

  it('takes a spec through every stage, a row with its repair and no failure of ours', async () => {
    const ws = await workspace();
    const dir = path.join(ws.root, 'vendor-specs');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'acme-openapi.json'), JSON.stringify(SPEC));
    await fs.writeFile(path.join(dir, 'README.md'), 'not a spec');
    const r = await runScript('corpus.ts', [dir]);
    expect(r.stderr).not.toMatch(/stopped at|FAILED/);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| acme-openapi.json |'));
    expect(row).toBeDefined();
    // '' | spec | operations | repairs | vendor defects | passed | ours | vendor | mock | runs | …
    const cells = row!.split('|').map((c) => c.trim());
    // One operation, one repair; no other vendor spec defect found by the run.
    expect(cells.slice(2, 5)).toEqual(['1', '1', '0']);
    expect(Number(cells[5])).toBeGreaterThan(0);
    expect(cells[6]).toBe('0');
    expect(cells[9]).toBe('1 same');
    expect(r.stdout).toContain(
      'acme: repaired acme-openapi.json#/components/schemas/BackoffPlan/properties/type/type: `type: object` whose `enum` lists strings',
    );
    expect(r.code).toBe(0);
  }, 240_000);
});
