import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runningPrismPids } from '../../conformance/harness/prism.js';
import { startTargetServers } from '../../conformance/harness/servers.js';
import { ENV, settingsFromEnv } from '../../conformance/harness/settings.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const generated = mkdtempSync(join(tmpdir(), 'servers-test-'));
for (const [vendor, file] of [
  ['good', 'mini.yaml'],
  ['bad', 'broken.yaml'],
]) {
  mkdirSync(join(generated, vendor!));
  copyFileSync(fixture(file!), join(generated, vendor!, 'openapi.yaml'));
}
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe('conformance servers', () => {
  test('a vendor whose mock cannot start fails alone, with its own reason; the others run', async () => {
    const started = await startTargetServers(
      [
        { vendor: 'good', mode: 'mock' },
        { vendor: 'bad', mode: 'mock' },
      ],
      settingsFromEnv({ [ENV.generatedDir]: generated }),
    );
    try {
      expect(started.ready.map((t) => t.vendor)).toEqual(['good']);
      expect((await fetch(`${started.ready[0]!.url}/nope`)).status).toBe(404);
      expect(started.failed.map((t) => t.vendor)).toEqual(['bad']);
      // Its own reason, quoted (the document does not parse), without a timeout hint that cannot help.
      expect(started.failed[0]!.reason).toContain('unexpected end of the stream');
      expect(started.failed[0]!.reason).not.toContain('--prism-timeout');
    } finally {
      await Promise.all(started.servers.map((s) => s.stop()));
    }
    expect(runningPrismPids()).toEqual([]);
  });

  test('the readiness timeout is a knob, and a bad value is refused with its name', async () => {
    const started = await startTargetServers(
      [{ vendor: 'good', mode: 'mock' }],
      settingsFromEnv({ [ENV.generatedDir]: generated, [ENV.prismTimeout]: '1' }),
    );
    expect(started.ready).toEqual([]);
    expect(started.failed[0]!.reason).toMatch(/did not become ready within 1 ms/);
    expect(settingsFromEnv({}).prismTimeoutMs).toBe(30_000);
    expect(() => settingsFromEnv({ [ENV.prismTimeout]: '5s' })).toThrow(ENV.prismTimeout);
  });
});
