// The package as users get it: built, packed with `npm pack`, unpacked into a scratch TypeScript project
// (its dependencies linked from ours, nothing fetched). There, the public types hold under tsc
// (node16 resolution, the package's own exports), `for await` lists every agent across pages against a
// Prism mock of our Qoder spec, and a per-call deadlineMs bounds a server that never answers.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrismServer, startPrism } from '../../conformance/harness/prism.js';
import { hang, type LoopbackServer, replyJson, startServer, withServer } from '../helpers/loopback-server.js';
import { qoderAgent } from '../helpers/qoder-replies.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const SLOW_MS = 180_000;

let scratch: string;
let packInfo: { filename: string; unpackedSize: number; files: Array<{ path: string }> };
let prism: PrismServer | undefined;
let hanging: LoopbackServer | undefined;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'al-packed-'));
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  packInfo = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' }),
  )[0];
  const packed = packInfo.filename;
  const installed = join(scratch, 'node_modules', 'agent-lifecycle');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, packed), '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const target = join(scratch, 'node_modules', dep);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), target, 'dir');
  }
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', type: 'module', private: true }));
  [prism, hanging] = await Promise.all([
    startPrism({ name: 'qoder', spec: join(ROOT, 'generated/qoder/openapi.yaml') }),
    startServer(hang),
  ]);
}, SLOW_MS);

afterAll(async () => {
  await Promise.all([prism?.stop(), hanging?.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

const TYPE_TESTS = `
import { createAgentClient, type AgentClient, type LifecycleResult, type ProviderName } from 'agent-lifecycle';
import { createQoderClient, type QoderAgent, type QoderComponents } from 'agent-lifecycle/qoder';
import { createAyraClient } from 'agent-lifecycle/ayra';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T) => {};

const qoder = createQoderClient({ apiKey: 'k' });
assert<Equal<Awaited<ReturnType<typeof qoder.archive>>, LifecycleResult<'archived', 'qoder', QoderAgent>>>(true);
assert<Equal<typeof qoder.provider, 'qoder'>>(true);
assert<Equal<QoderAgent, QoderComponents['schemas']['Agent']>>(true);
// @ts-expect-error Qoder cannot unarchive
qoder.unarchive('a');
// @ts-expect-error Ayra has no get
createAyraClient({ apiKey: 'k' }).get('a');
const dynamic = createAgentClient({ provider: 'qoder' as ProviderName, apiKey: 'k' });
assert<Equal<typeof dynamic, AgentClient>>(true);
async function walk() {
  for await (const agent of qoder.list()) assert<Equal<typeof agent.raw, QoderAgent>>(true);
  await qoder.get('a', { deadlineMs: 1000, timeoutMs: 100, maxRetries: 1 });
}
void walk;
`;

const RUN = `
import { createQoderClient } from 'agent-lifecycle/qoder';
const [prismUrl, hangingUrl] = process.argv.slice(2);
// Prism answers the first page with its "moreAfter" example (has_more, a cursor), later pages with
// the default one (the last page): the Prefer header picks the example.
const qoder = createQoderClient({
  apiKey: 'k',
  baseUrl: prismUrl,
  fetch: (request) => {
    if (!new URL(request.url).searchParams.has('after_id')) request.headers.set('Prefer', 'example=moreAfter');
    return fetch(request);
  },
});
const ids = [];
for await (const agent of qoder.list()) ids.push(agent.id);
const slow = createQoderClient({ apiKey: 'k', baseUrl: hangingUrl, timeoutMs: 60000 });
const error = await slow.get('agent_1', { deadlineMs: 200 }).catch((e) => e);
console.log(JSON.stringify({ ids, error: { name: error.name, message: error.message } }));
`;

// Issue 24: headers per client and per call, the key from the CLI's variable, withResponse().
const CONVENIENCES = `
import { createAgentClient } from 'agent-lifecycle';
const client = createAgentClient({ provider: 'qoder', baseUrl: process.argv[2], headers: { 'x-team': 'a' } });
const { data, response } = await client.archive('agent_1', { headers: { 'x-call': 'b' } }).withResponse();
console.log(JSON.stringify({ state: data.state, status: response.status, requestId: response.headers.get('x-request-id') }));
`;

describe('the packed package in a scratch project', () => {
  it(
    'client and call headers reach the server, the key comes from the environment, withResponse() gives the response',
    async () => {
      writeFileSync(join(scratch, 'conveniences.mjs'), CONVENIENCES);
      await withServer(async (server) => {
        server.script(replyJson(200, qoderAgent('agent_1'), { 'x-request-id': 'req_packed' }));
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [join(scratch, 'conveniences.mjs'), server.url],
          {
            encoding: 'utf8',
            timeout: 30_000,
            env: { ...process.env, AGENT_LIFECYCLE_QODER_API_KEY: 'sk-from-env' },
          },
        );
        expect(JSON.parse(stdout)).toEqual({ state: 'archived', status: 200, requestId: 'req_packed' });
        expect(server.requests).toHaveLength(1);
        expect(server.requests[0]!.headers).toMatchObject({
          authorization: 'Bearer sk-from-env',
          'x-team': 'a',
          'x-call': 'b',
        });
      });
    },
    SLOW_MS,
  );

  it('holds no test fixture (the fixture vendor stays in test/), well under 1.5 MB unpacked', () => {
    expect(packInfo.files.map((f) => f.path).filter((p) => /vocalis|fixture/i.test(p))).toEqual([]);
    expect(packInfo.unpackedSize).toBeLessThan(1_500_000);
  });

  it(
    'type-checks the public types from its exports (node16)',
    () => {
      writeFileSync(join(scratch, 'types.ts'), TYPE_TESTS);
      const tsconfig = {
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          lib: ['es2022', 'dom', 'dom.iterable'],
          types: [],
          skipLibCheck: false,
        },
        files: ['types.ts'],
      };
      writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig));
      let output = '';
      try {
        execFileSync(process.execPath, [TSC, '-p', scratch], { encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    },
    SLOW_MS,
  );

  it(
    'for await lists every page from a Prism mock; deadlineMs bounds a hanging server',
    () => {
      writeFileSync(join(scratch, 'run.mjs'), RUN);
      const out = execFileSync(process.execPath, [join(scratch, 'run.mjs'), prism!.url, hanging!.url], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      const result = JSON.parse(out);
      expect(result.ids).toEqual(['agent_019eAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'agent_019eXXXXXXXXXXXXXXXXXXXXXXXXXXXX']);
      expect(result.error).toEqual({
        name: 'TimeoutError',
        message: "qoder: no answer within the call's deadline of 200 ms (1 attempt(s))",
      });
    },
    SLOW_MS,
  );
});
