// The HTML and JSON reports never carry the key, even when a vendor echoes it everywhere: the suite runs
// in live mode (the one that reads AGENT_LIFECYCLE_SMALLEST_API_KEY) against a loopback "vendor" that
// echoes the key in bodies and headers, behind Prism. Every check fails (the fake answers 401), so every
// case gets a failure card with a curl: the curl reads the key from $API_KEY instead.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { expect, test } from 'vitest';
import { echoCredentials } from '../helpers/echo.js';
import { KEY, KEY_CORE } from '../helpers/leaks.js';
import { withServer } from '../helpers/loopback-server.js';
import { runTsx } from '../helpers/subprocess.js';

test('a live run against a key-echoing vendor: no key in the HTML or JSON report, $API_KEY in each curl', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'al-report-secrets-'));
  try {
    await withServer(async (server) => {
      server.script(echoCredentials('smallest', 401));
      const args = ['conformance/run.ts', '--vendor', 'smallest', '--live', `smallest=${server.url}`];
      args.push('--allow-writes', '--agent-id', 'agent_1', '--reporter', 'html,json', '--out-dir', dir);
      const run = await runTsx(args, { AGENT_LIFECYCLE_SMALLEST_API_KEY: KEY }, 80_000);
      expect(run.stdout, run.stderr).toMatch(/checks: \d+ passed/);
      expect(server.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
      const html = readFileSync(path.join(dir, 'conformance.html'), 'utf8');
      const json = readFileSync(path.join(dir, 'conformance.json'), 'utf8');
      for (const text of [html, json]) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(KEY_CORE);
      }
      const curls = [...parseHTML(html).document.querySelectorAll('.curl pre')].map((p) => p.textContent!);
      // The no_authorization cases send no key at all; every other request sends it as $API_KEY.
      const withKey = curls.filter((curl) => /-H 'authorization:/i.test(curl));
      expect(withKey.length).toBeGreaterThan(0);
      for (const curl of withKey) expect(curl).toContain(`-H 'authorization: Bearer '"$API_KEY"`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
