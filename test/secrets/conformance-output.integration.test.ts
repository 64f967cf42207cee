// The conformance report never carries the key. Mock mode uses its own fixed key, so this runs the suite
// in live mode (the one that reads AGENT_LIFECYCLE_SMALLEST_API_KEY) against a loopback "vendor" that
// echoes the key back in every answer; Prism proxies between them. The report's own checks fail (our fake
// vendor answers 401 to everything); only the key's absence is asserted. ~8 s per run; the two run at once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'vitest';
import { echoCredentials } from '../helpers/echo.js';
import { KEY, KEY_CORE } from '../helpers/leaks.js';
import { withServer } from '../helpers/loopback-server.js';
import { runTsx } from '../helpers/subprocess.js';

/** Runs the live conformance suite against an echoing fake vendor; returns every text it produced. */
async function conformanceOutputs(inRequestId: boolean): Promise<{ texts: string[]; keySent: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'al-secrets-'));
  try {
    return await withServer(async (server) => {
      server.script(echoCredentials('smallest', 401, { inRequestId }));
      const junit = path.join(dir, 'junit.xml');
      const args = ['conformance/run.ts', '--vendor', 'smallest', '--live', `smallest=${server.url}`];
      args.push('--allow-writes', '--agent-id', 'agent_1', '--reporter', 'junit', '--out', junit);
      const run = await runTsx(args, { AGENT_LIFECYCLE_SMALLEST_API_KEY: KEY }, 80_000);
      if (!/checks: \d+ passed/.test(run.stdout))
        throw new Error(`conformance did not run:\n${run.stdout}\n${run.stderr}`);
      const report = readFileSync(junit, 'utf8');
      if (!report.includes('<testsuites')) throw new Error('no JUnit report');
      return {
        texts: [run.stdout, run.stderr, report],
        keySent: server.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.concurrent('conformance report', { timeout: 90_000 }, () => {
  test('key echoed in body, headers and cookies: in neither stdout, stderr nor JUnit', async ({ expect }) => {
    const { texts, keySent } = await conformanceOutputs(false);
    expect(keySent).toBe(true); // the run used the key, so it could have leaked
    for (const text of texts) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(KEY_CORE);
    }
  });

  test('key echoed in x-request-id: in neither stdout, stderr nor JUnit', async ({ expect }) => {
    const { texts, keySent } = await conformanceOutputs(true);
    expect(keySent).toBe(true);
    for (const text of texts) expect(text).not.toContain(KEY);
  });
});
