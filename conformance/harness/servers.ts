// One Prism per conformance target: a mock of its generated spec (all the mocks served by one Prism
// process), or a validating proxy in front of the live API. Shared by the vitest global setup and `npm run conformance`. Prism serves a
// mock document (harness/mock-document.ts) written to a temporary folder; a vendor whose Prism
// cannot start fails alone, with the reason and the knob to turn.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scopeFor } from '../suite/cases.js';
import type { ConformanceSettings } from '../suite/context.js';
import { loadSpec, specPath } from '../suite/spec.js';
import { buildMockDocument, mockDocumentProblems } from './mock-document.js';
import { PrismMockHost, type PrismServer, PrismStartError, startPrism } from './prism.js';
import { conformanceProvider } from './providers.js';
import { ENV, settingsFromEnv } from './settings.js';
import type { ConformanceTarget, FailedTarget, ReadyTarget } from './targets.js';

async function warmUp(url: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(`${url}/agent-lifecycle-warm-up`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
  } catch {
    // A mock that cannot answer shows in the first case, with that case's own error.
  }
}

class MockDocumentError extends Error {
  override name = 'MockDocumentError';
}

export interface StartedServers {
  ready: ReadyTarget[];
  failed: FailedTarget[];
  servers: PrismServer[];
}

const KNOBS = `raise the timeout (--prism-timeout <ms> or ${ENV.prismTimeout}), narrow the operations (--scope or ${ENV.scope}) or cut the mock's schemas sooner (${ENV.mockDepth}, default 2)`;

type ServerSettings = Pick<
  ConformanceSettings,
  'generatedDir' | 'prismTimeoutMs' | 'scope' | 'mockDepth' | 'fixtureProviders'
>;

/**
 * `settings`: a caller that is itself an entry (a script) may leave them to the environment.
 * `mockHost`: the process that serves the mocks, when the caller started it earlier (it loads Prism
 * meanwhile); by default one is started here, if any target is a mock.
 */
export async function startTargetServers(
  targets: ConformanceTarget[],
  settings: ServerSettings = settingsFromEnv(process.env),
  mockHost?: PrismMockHost,
): Promise<StartedServers> {
  const { generatedDir, prismTimeoutMs: startTimeoutMs, scope, mockDepth: depth } = settings;
  // Each target's mock document first (a document that cannot be built fails its vendor alone)…
  const prepared = await Promise.allSettled(
    targets.map(async (t) => {
      const dir = mkdtempSync(join(tmpdir(), `agent-lifecycle-mock-${t.vendor}-`));
      const mockFile = join(dir, `${t.vendor}.json`);
      const cleanUp = () => rmSync(dir, { recursive: true, force: true });
      try {
        // The operations the façade binds plus the listed ones (or all): the cases ask for no other.
        // A spec without a provider yet is served whole: its run is every operation's raw-client cases.
        const provider = await conformanceProvider(t.vendor, settings.fixtureProviders);
        const doc = loadSpec(specPath(t.vendor, generatedDir));
        const mock = buildMockDocument(doc, {
          scope: provider.facade ? scopeFor(scope, provider.operations) : 'all',
          depth,
        });
        // Checked here, so that a document Prism would refuse is our message with every place listed.
        const problems = mockDocumentProblems(mock);
        if (problems.length > 0) {
          throw new MockDocumentError(
            `the mock document built from generated/${t.vendor}/openapi.yaml is not servable (a bug in conformance/harness/mock-document.ts, ours): ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? `; and ${problems.length - 20} more` : ''}`,
          );
        }
        writeFileSync(mockFile, JSON.stringify(mock));
        return { mockFile, cleanUp };
      } catch (err) {
        cleanUp();
        throw err;
      }
    }),
  );
  // …then the servers: every mock in one Prism process, a proxy per live target.
  const mocks = targets.flatMap((t, i) => {
    const p = prepared[i]!;
    return !t.upstream && p.status === 'fulfilled' ? [{ i, name: t.vendor, spec: p.value.mockFile }] : [];
  });
  const host = mockHost ?? (mocks.length > 0 ? new PrismMockHost() : undefined);
  const mockStarts = host?.serve(mocks.map(({ name, spec }) => ({ name, spec, startTimeoutMs }))) ?? [];
  // A host handed nothing to serve has nothing to stay up for.
  if (mocks.length === 0) await host?.stop();
  const results = await Promise.allSettled(
    targets.map(async (t, i) => {
      const p = prepared[i]!;
      if (p.status === 'rejected') throw p.reason;
      const { mockFile, cleanUp } = p.value;
      try {
        const m = mocks.findIndex((x) => x.i === i);
        const server =
          m >= 0
            ? await mockStarts[m]!
            : await startPrism({ name: t.vendor, spec: mockFile, upstream: t.upstream, startTimeoutMs });
        // Prism does part of its loading on the first request it serves: done here, within the start
        // time, rather than inside the first case's attempt timeout.
        if (!t.upstream) await warmUp(server.url, startTimeoutMs);
        // The proxy CLI watches its document and reloads (or dies) when it changes: the file lives
        // as long as the server.
        return { ...server, stop: () => server.stop().finally(cleanUp) };
      } catch (err) {
        cleanUp();
        throw err;
      }
    }),
  );
  const servers: PrismServer[] = [];
  const ready: ReadyTarget[] = [];
  const failed: FailedTarget[] = [];
  results.forEach((r, i) => {
    const target = targets[i]!;
    if (r.status === 'fulfilled') {
      servers.push(r.value);
      ready.push({ ...target, url: r.value.url });
    } else {
      const message = (r.reason as Error).message;
      // More time or a smaller document only helps a Prism that was still working; one that exited
      // said why, and that is the message.
      const timedOut = r.reason instanceof PrismStartError && r.reason.reason === 'timeout';
      failed.push({ ...target, reason: timedOut ? `${message}\nTo fix: ${KNOBS}.` : message });
    }
  });
  return { ready, failed, servers };
}
