// specs:pull: fetch a vendor doc page or full spec, save it under specs/<vendor>/, regenerate.
// If the new source does not build, the previous source is put back: a pull never leaves
// specs/ in a state that generate rejects.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractYamlBlocks } from '../pipeline/extract.js';
import { display, repoRoot } from '../pipeline/paths.js';
import { PipelineError } from '../pipeline/pipeline-error.js';
import { listVendors, SPEC_FILES } from '../pipeline/sources.js';
import { isObject } from '../pipeline/util.js';
import { parseYaml } from '../pipeline/yaml.js';
import { type GenerateResult, generate } from './generation-pass.js';

export interface PullOptions {
  specsDir: string;
  outDir: string;
  vendor: string;
  source: string;
  timeoutMs?: number;
}

export interface PullResult {
  saved: string;
  kind: 'page' | 'spec';
  generated: GenerateResult;
}

export async function pull(opts: PullOptions): Promise<PullResult> {
  const vendors = await listVendors(opts.specsDir);
  if (!vendors.includes(opts.vendor)) {
    throw new PipelineError(
      undefined,
      `unknown vendor '${opts.vendor}' (known: ${vendors.join(', ') || 'none'})`,
      `check the name, or mkdir ${display(path.join(opts.specsDir, opts.vendor))} to add a vendor`,
    );
  }
  const { text, name } = await fetchSource(opts.source, opts.timeoutMs ?? 30_000);
  const kind = classify(text, opts.source);
  const vendorDir = path.join(opts.specsDir, opts.vendor);
  const dest =
    kind === 'page'
      ? path.join(vendorDir, 'pages', `${pageName(name)}.md`)
      : path.join(vendorDir, text.trimStart().startsWith('{') ? 'openapi.json' : 'openapi.yaml');
  // A new full spec replaces the old one whatever its extension (two would be ambiguous).
  const replaced = kind === 'spec' ? SPEC_FILES.map((f) => path.join(vendorDir, f)).filter((f) => f !== dest) : [];
  const backup = await snapshot([dest, ...replaced]);

  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.writeFile(dest, text, 'utf8');
  await Promise.all(replaced.map((f) => fs.rm(f, { force: true })));
  try {
    const generated = await generate({ specsDir: opts.specsDir, outDir: opts.outDir });
    const provider = path.join(repoRoot, 'src', 'providers', `${opts.vendor}.ts`);
    if (!(await fs.stat(provider).catch(() => undefined))) {
      generated.lines.push(
        `specs:pull: next: \`npm run conformance -- --vendor ${opts.vendor}\` checks the spec is mockable (raw client, every operation); then write src/providers/${opts.vendor}.ts (copy the closest one) and \`npm run generate\``,
      );
    }
    return { saved: dest, kind, generated };
  } catch (err) {
    // The rejected input is kept for inspection, and the error points into the kept copy (the
    // file it names in specs/ is about to be put back as it was).
    const kept = await keepRejected(vendorDir);
    await restore(backup);
    if (err instanceof PipelineError) {
      const inVendor = err.where && path.resolve(err.where.file).startsWith(`${path.resolve(vendorDir)}${path.sep}`);
      const where =
        err.where && inVendor
          ? { ...err.where, file: display(path.join(kept, path.relative(vendorDir, path.resolve(err.where.file)))) }
          : err.where;
      throw new PipelineError(
        where,
        err.message,
        `${err.fix} (the pulled file was not kept in specs/; the rejected input is in ${display(kept)})`,
      );
    }
    throw err;
  }
}

async function fetchSource(source: string, timeoutMs: number): Promise<{ text: string; name: string }> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
      // undici hides the socket error in `cause` (an AggregateError when several addresses failed).
      const code = e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message ?? e.message;
      const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `could not connect (${code})`;
      throw new PipelineError({ file: source }, why, 'check the URL and your network');
    }
    if (!res.ok) {
      throw new PipelineError(
        { file: source },
        `HTTP ${res.status} ${res.statusText}`.trim(),
        'check the URL (the page may have moved)',
      );
    }
    const url = new URL(res.url || source);
    return { text: await res.text(), name: path.posix.basename(url.pathname) || url.hostname };
  }
  try {
    return { text: await fs.readFile(source, 'utf8'), name: path.basename(source) };
  } catch (err) {
    throw new PipelineError(
      { file: source },
      `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path',
    );
  }
}

/** A page has ```yaml blocks holding OpenAPI documents; otherwise the whole text must be one. */
export function classify(text: string, source: string): 'page' | 'spec' {
  const blocks = extractYamlBlocks(text, source);
  if (blocks.some((b) => /^openapi\s*:/m.test(b.text))) return 'page';
  let doc: unknown;
  try {
    doc = parseYaml(text, source);
  } catch {
    doc = undefined; // HTML and prose are not YAML; the error below says what was expected.
  }
  if (isObject(doc) && typeof doc.openapi === 'string') return 'spec';
  throw new PipelineError(
    { file: source },
    'no OpenAPI document and no ```yaml block with one',
    "pull the page's markdown view (.md) or the vendor's openapi.yaml/json",
  );
}

function pageName(name: string): string {
  const stem = name.replace(/\.(md|markdown|txt|html?)$/i, '');
  return stem.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'page';
}

type Snapshot = Array<[string, Buffer | undefined]>;

async function snapshot(files: string[]): Promise<Snapshot> {
  return Promise.all(
    files.map(async (f): Promise<[string, Buffer | undefined]> => [f, await fs.readFile(f).catch(() => undefined)]),
  );
}

/** Copies the vendor's folder as generate saw it into a fresh temporary folder; returns its path. */
async function keepRejected(vendorDir: string): Promise<string> {
  const kept = await fs.mkdtemp(path.join(os.tmpdir(), `agent-lifecycle-rejected-${path.basename(vendorDir)}-`));
  await fs.cp(vendorDir, kept, { recursive: true });
  return kept;
}

async function restore(snap: Snapshot): Promise<void> {
  for (const [file, content] of snap) {
    if (content === undefined) await fs.rm(file, { force: true });
    else await fs.writeFile(file, content);
  }
}
