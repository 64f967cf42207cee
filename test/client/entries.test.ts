import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as ayra from '../../src/ayra-client.js';
import * as root from '../../src/index.js';
import * as qoder from '../../src/qoder-client.js';
import * as smallest from '../../src/smallest-client.js';
import { json, KEY, recorder } from '../helpers/fetch-stubs.js';

// From the registry, so a new vendor is covered with no edit here.
const BASE_URLS: Record<string, string> = Object.fromEntries(
  Object.entries(root.providers).map(([name, p]) => [name, new URL(p.defaultBaseUrl).host]),
);

async function bundleWithInputs(entry: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

async function bundle(entry: string): Promise<string> {
  return (await bundleWithInputs(entry)).code;
}

describe('per-vendor entries', () => {
  for (const vendor of Object.keys(BASE_URLS)) {
    it(`src/${vendor}-client.ts bundles without the other vendors`, async () => {
      const code = await bundle(`src/${vendor}-client.ts`);
      expect(code).toContain(BASE_URLS[vendor]);
      for (const [other, url] of Object.entries(BASE_URLS)) {
        if (other !== vendor) expect(code, `${vendor} bundle contains ${other}`).not.toContain(url);
      }
    });
  }

  it('no library entry pulls in the command line (src/cli/) or its dependencies', async () => {
    for (const entry of ['src/index.ts', ...Object.keys(BASE_URLS).map((v) => `src/${v}-client.ts`)]) {
      const { inputs } = await bundleWithInputs(entry);
      expect(inputs.length, entry).toBeGreaterThan(5);
      expect(
        inputs.filter((file) => file.startsWith('src/cli/') || /node_modules\/(commander|cli-progress)\//.test(file)),
        entry,
      ).toEqual([]);
    }
  });

  it('the root entry bundles every vendor', async () => {
    const code = await bundle('src/index.ts');
    for (const url of Object.values(BASE_URLS)) expect(code).toContain(url);
  });

  it('each vendor factory is the façade bound to that provider', async () => {
    const cases = [
      [smallest.createSmallestClient, 'smallest', 'https://api.smallest.ai/atoms/v1/agent/a/archive?on=true'],
      [qoder.createQoderClient, 'qoder', 'https://api.qoder.com/api/v1/cloud/agents/a/archive'],
      [ayra.createAyraClient, 'ayra', 'https://api.ayra.ai/v1/agents/a'],
    ] as const;
    for (const [create, name, url] of cases) {
      const { fetch, calls } = recorder(json(200, { id: 'a', name: 'n', status: 'archived', archived_at: null }));
      const c = create({ apiKey: KEY, fetch });
      expect(c.provider).toBe(name);
      await c.archive('a');
      expect(calls[0]!.url).toBe(url);
    }
  });

  it('entries share the error classes, so instanceof works across them', () => {
    expect(smallest.ConflictError).toBe(root.ConflictError);
    expect(qoder.AgentApiError).toBe(root.AgentApiError);
    expect(ayra.RateLimitError).toBe(root.RateLimitError);
    expect(smallest.smallestProvider).toBe(root.providers.smallest);
  });

  it('createAgentClient accepts a custom ProviderDefinition', async () => {
    const { fetch, calls } = recorder(json(200, {}));
    const custom: root.ProviderDefinition = {
      name: 'custom',
      defaultBaseUrl: 'https://custom.example/v9',
      operations: { delete: ['delete', '/things/{id}'] },
      parseError: () => ({}),
      async delete(ctx, agentId) {
        const { response } = await ctx.client.DELETE(
          `/things/${encodeURIComponent(agentId)}` as never,
          { parseAs: 'text' } as never,
        );
        return {
          provider: 'custom',
          agentId,
          state: 'deleted',
          requestId: response.headers.get('x-request-id') ?? undefined,
        };
      },
    };
    const c = root.createAgentClient({ provider: custom, apiKey: KEY, fetch });
    expect(c.supports('delete')).toBe(true);
    expect(c.supports('archive')).toBe(false);
    await expect(c.delete('t1')).resolves.toMatchObject({ provider: 'custom', state: 'deleted' });
    expect(calls[0]!.url).toBe('https://custom.example/v9/things/t1');
  });
});
