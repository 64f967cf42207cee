// A throwaway repository-like tree for hostile-spec tests: <root>/.env holds a canary (a secret outside
// every vendor folder), <root>/specs/acme/openapi.yaml is a small spec with whatever a test injects.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { generate } from '../../scripts/pipeline/generation.js';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { dumpYaml } from '../../scripts/pipeline/yaml.js';

export const CANARY = 'CANARY-7f3a91-do-not-leak';

export interface HostileTree {
  root: string;
  specs: string;
  vendorDir: string;
  out: string;
  /** An absolute path to a file outside the vendor folder holding the canary. */
  canaryFile: string;
}

/** The smallest valid spec with one operation; `mutate` injects the attack. */
export function baseSpec(): Record<string, any> {
  return {
    openapi: '3.0.3',
    info: { title: 'Acme', version: '1.0.0' },
    paths: {
      '/agents/{id}': {
        get: {
          operationId: 'getAgent',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The agent',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Agent' },
                  example: { id: 'a1', name: 'Ada' },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Agent: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' }, name: { type: 'string' }, metadata: { type: 'object' } },
        },
      },
    },
  };
}

export async function hostileTree(spec: Record<string, any> | string = baseSpec()): Promise<HostileTree> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'al-hostile-spec-'));
  onTestFinished(() => fs.rm(root, { recursive: true, force: true }));
  const specs = path.join(root, 'specs');
  const vendorDir = path.join(specs, 'acme');
  await fs.mkdir(vendorDir, { recursive: true });
  const canaryFile = path.join(root, '.env');
  await fs.writeFile(canaryFile, `API_KEY=${CANARY}\n`);
  await fs.writeFile(path.join(vendorDir, 'openapi.yaml'), typeof spec === 'string' ? spec : dumpYaml(spec));
  return { root, specs, vendorDir, out: path.join(root, 'generated'), canaryFile };
}

/** Runs generate in-process; returns its printed lines, or the one error line. */
export async function generateIn(tree: HostileTree): Promise<{ ok: boolean; lines: string[] }> {
  try {
    return await generate({ specsDir: tree.specs, outDir: tree.out });
  } catch (err) {
    return { ok: false, lines: [formatError('generate', err)] };
  }
}

/** Every file under dir, concatenated: where a canary must never appear. */
export async function allText(dir: string): Promise<string> {
  let text = '';
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else text += await fs.readFile(p, 'utf8');
    }
  };
  await walk(dir);
  return text;
}
