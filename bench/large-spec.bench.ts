// A vendor spec like the big published ones (test/fixtures/vocalis/spec-generator.ts: ~3.3 MB, 130
// operations, ~1,000 recursive schemas): Prism readiness on the full document (bounded) and on the
// reduced mock document, the time to build that document, and body-aware drift on a 3 MB pair.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMockDocument, type MockDocumentOptions } from '../conformance/harness/mock-document.js';
import { PrismStartError, startPrism } from '../conformance/harness/prism.js';
import { diffSpecs } from '../scripts/pipeline/drift.js';
import { generateSpec } from '../test/fixtures/vocalis/spec-generator.js';
import type { BenchOptions } from './run.js';

const FULL_BOUND_MS = Number(process.env.BENCH_FULL_PRISM_BOUND_MS ?? 60_000);
const ASSISTANT = [
  'post /assistant',
  'get /assistant',
  'get /assistant/{id}',
  'patch /assistant/{id}',
  'delete /assistant/{id}',
];

async function prismReadyMs(dir: string, name: string, doc: unknown, boundMs: number): Promise<number | string> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const started = performance.now();
  try {
    const prism = await startPrism({ name, spec: file, startTimeoutMs: boundMs });
    const ms = Math.round(performance.now() - started);
    await prism.stop();
    return ms;
  } catch (err) {
    if (err instanceof PrismStartError) return `not ready within ${boundMs} ms`;
    throw err;
  }
}

export async function run({ tiny }: BenchOptions): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-large-spec-'));
  try {
    let t = performance.now();
    const spec = generateSpec();
    const generateMs = Math.round(performance.now() - t);
    const text = JSON.stringify(spec, null, 2);
    const reduce = (scope: MockDocumentOptions['scope']) => {
      const s = performance.now();
      const doc = buildMockDocument(spec, { scope });
      return { doc, ms: Math.round(performance.now() - s), bytes: JSON.stringify(doc).length };
    };
    const assistant = reduce(ASSISTANT);
    const all = reduce('all');
    const figures: Record<string, unknown> = {
      spec: { bytes: text.length, schemas: Object.keys(spec.components.schemas).length, generateMs },
      mockDocument: {
        assistantScope: { operations: ASSISTANT.length, buildMs: assistant.ms, bytes: assistant.bytes },
        allScope: { buildMs: all.ms, bytes: all.bytes },
      },
      prismReadyMs: {
        assistantScope: await prismReadyMs(dir, 'assistant', assistant.doc, 60_000),
        // --tiny: Prism once, on the small document; the large ones take a minute.
        allScope: tiny ? 'not run (--tiny)' : await prismReadyMs(dir, 'all', all.doc, 60_000),
        fullDocument: tiny ? 'not run (--tiny)' : await prismReadyMs(dir, 'full', spec, FULL_BOUND_MS),
      },
    };
    const next = generateSpec();
    const victim = next.components.schemas.Assistant;
    victim.required = ['id', 'orgId'];
    t = performance.now();
    const drift = diffSpecs(spec, next);
    figures.drift3MbPair = { ms: Math.round(performance.now() - t), changes: drift.changes.length };
    console.log(JSON.stringify(figures, null, 2));
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
