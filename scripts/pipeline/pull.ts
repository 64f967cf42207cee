// specs:pull: fetch a vendor doc page or full spec, save it under specs/<vendor>/, regenerate.
// If the new source does not build, the previous source is put back: a pull never leaves
// specs/ in a state that generate rejects. The network is only ever read here, bounded: one total
// timeout and a size cap for the page and every file it references; `$ref`s to URLs are fetched only
// when specs/<vendor>/allowed-refs.txt lists them, and stored as files (generate never goes online).
// Ctrl-C or SIGTERM puts specs/<vendor>/ and generated/ back as they were.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { walkRefs } from './data-refs.js';
import { extractYamlBlocks } from './extract.js';
import { type GenerateResult, generate } from './generation.js';
import { isObject } from './json.js';
import { display, repoRoot } from './paths.js';
import { PipelineError } from './pipeline-error.js';
import { isAllowedUrl, loadRefPolicy, type RefPolicy, refKind, storedPathFor } from './ref-policy.js';
import { listVendors, SPEC_FILES } from './sources.js';
import { checkVendorName } from './spec-reader.js';
import { snapshotTree } from './tree-snapshot.js';
import { PARSE_LIMITS, parseYaml } from './yaml.js';

export interface PullOptions {
  specsDir: string;
  outDir: string;
  vendor: string;
  source: string;
  /**
   * Total time for every network read of the pull (the page and the files it references).
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Largest body accepted from one URL, in bytes.
   * @default PARSE_LIMITS.maxChars (64 MiB)
   */
  maxBytes?: number;
}

export interface PullResult {
  saved: string;
  kind: 'page' | 'spec';
  generated: GenerateResult;
}

/** Referenced files fetched by one pull, at most. */
const MAX_REFERENCED_FILES = 50;

export async function pull(opts: PullOptions): Promise<PullResult> {
  checkVendorName(opts.vendor);
  const vendors = await listVendors(opts.specsDir);
  if (!vendors.includes(opts.vendor)) {
    throw new PipelineError(
      undefined,
      `unknown vendor '${opts.vendor}' (known: ${vendors.join(', ') || 'none'})`,
      `check the name, or mkdir ${display(path.join(opts.specsDir, opts.vendor))} to add a vendor`,
    );
  }
  const vendorDir = path.join(opts.specsDir, opts.vendor);
  const signals = interruptible();
  try {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const net: Net = {
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), signals.controller.signal]),
      timeoutMs,
      maxBytes: opts.maxBytes ?? PARSE_LIMITS.maxChars,
    };
    const { text, name, url } = await fetchSource(opts.source, net);
    const kind = classify(text, opts.source);
    const dest =
      kind === 'page'
        ? path.join(vendorDir, 'pages', `${pageName(name)}.md`)
        : path.join(vendorDir, text.trimStart().startsWith('{') ? 'openapi.json' : 'openapi.yaml');
    // Everything the spec references, fetched before anything is written.
    const referenced = await fetchReferenced(text, kind, dest, url, loadRefPolicy(vendorDir), net);
    signals.check();

    // A new full spec replaces the old one whatever its extension (two would be ambiguous).
    const replaced = kind === 'spec' ? SPEC_FILES.map((f) => path.join(vendorDir, f)).filter((f) => f !== dest) : [];
    const tree = await snapshotTree([vendorDir, opts.outDir]);
    signals.onInterrupt(() => tree.restore());
    try {
      await fs.mkdir(path.dirname(dest), { recursive: true });
      await fs.writeFile(dest, text, 'utf8');
      await Promise.all(replaced.map((f) => fs.rm(f, { force: true })));
      for (const [file, body] of referenced) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, body, 'utf8');
      }
      const generated = await generate({ specsDir: opts.specsDir, outDir: opts.outDir, vendors: [opts.vendor] });
      signals.check();
      const provider = path.join(repoRoot, 'src', 'providers', `${opts.vendor}.ts`);
      if (!(await fs.stat(provider).catch(() => undefined))) {
        generated.lines.push(
          `specs:pull: next: \`npm run conformance -- --vendor ${opts.vendor}\` checks the spec is mockable (raw client, every operation); then write src/providers/${opts.vendor}.ts (copy the closest one) and \`npm run generate\``,
        );
      }
      return { saved: dest, kind, generated };
    } catch (err) {
      if (signals.received) throw err;
      // The rejected input is kept for inspection, and the error points into the kept copy (the
      // file it names in specs/ is about to be put back as it was).
      const kept = await keepRejected(vendorDir);
      await tree.restore();
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
  } finally {
    await signals.dispose();
  }
}

interface Net {
  /** Aborts on the pull's total timeout or on Ctrl-C/SIGTERM. */
  signal: AbortSignal;
  timeoutMs: number;
  maxBytes: number;
}

async function fetchSource(source: string, net: Net): Promise<{ text: string; name: string; url?: string }> {
  if (/^https?:\/\//i.test(source)) {
    const { text, url } = await fetchBounded(source, net);
    const u = new URL(url);
    return { text, name: path.posix.basename(u.pathname) || u.hostname, url };
  }
  try {
    const st = await fs.stat(source);
    if (st.size > net.maxBytes)
      throw Object.assign(new Error('too large'), { code: `larger than ${net.maxBytes} bytes` });
    return { text: await fs.readFile(source, 'utf8'), name: path.basename(source) };
  } catch (err) {
    throw new PipelineError(
      { file: source },
      `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path',
    );
  }
}

/** One GET within the pull's deadline, its body capped at net.maxBytes. */
async function fetchBounded(url: string, net: Net): Promise<{ text: string; url: string }> {
  const failed = (err: unknown): PipelineError => {
    const reason = net.signal.reason as Error | undefined;
    if (net.signal.aborted && reason?.name === 'TimeoutError')
      return new PipelineError(
        { file: url },
        `timed out (the pull's ${net.timeoutMs} ms for all downloads ran out)`,
        'check the URL and your network, or retry',
      );
    if (net.signal.aborted) return new PipelineError({ file: url }, 'interrupted', 'nothing was written');
    const e = err as Error & { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
    // undici hides the socket error in `cause` (an AggregateError when several addresses failed).
    const code = e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message ?? e.message;
    return new PipelineError({ file: url }, `could not connect (${code})`, 'check the URL and your network');
  };
  let res: Response;
  try {
    res = await fetch(url, { signal: net.signal, redirect: 'follow' });
  } catch (err) {
    throw failed(err);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new PipelineError(
      { file: url },
      `HTTP ${res.status} ${res.statusText}`.trim(),
      'check the URL (the page may have moved)',
    );
  }
  const tooLarge = (): PipelineError =>
    new PipelineError(
      { file: url },
      `larger than ${net.maxBytes} bytes`,
      'check the URL points at the spec or its markdown page',
    );
  if (Number(res.headers.get('content-length') ?? 0) > net.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = res.body?.getReader();
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
      const chunk = r.value;
      total += chunk.byteLength;
      if (total > net.maxBytes) {
        await reader?.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof PipelineError) throw err;
    throw failed(err);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), url: res.url || url };
}

/**
 * The files a pulled spec references that come from the network: `$ref`s to allow-listed URLs, and
 * relative `$ref`s of a spec pulled from a URL (they are relative to that URL, not to specs/<vendor>/).
 * Returns local path -> body, nothing written. A relative `$ref` that is not allowed is refused here;
 * anything else the policy refuses is left to generate, which says why in one line.
 */
async function fetchReferenced(
  text: string,
  kind: 'page' | 'spec',
  dest: string,
  sourceUrl: string | undefined,
  policy: RefPolicy,
  net: Net,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // Pages are merged into specs/<vendor>/pages/merged.yaml: their refs resolve from pages/.
  const baseFile = kind === 'page' ? path.join(path.dirname(dest), 'merged.yaml') : dest;
  const docs =
    kind === 'page'
      ? extractYamlBlocks(text, dest).map((b) => parseYaml(b.text, display(dest), b.line - 1))
      : [parseYaml(text, display(dest))];
  const queue = docs.map((doc) => ({ doc, baseFile, baseUrl: sourceUrl, file: display(dest) }));
  while (queue.length > 0) {
    const { doc, baseFile: base, baseUrl, file } = queue.shift()!;
    const wanted: Array<{ url: string; local: string }> = [];
    walkRefs(doc, (site) => {
      if (site.inData) return;
      const ref = (site.node.$ref as string).replace(/#.*/, '');
      const kindOf = refKind(ref);
      if (kindOf === 'url') {
        const local = /^https?:/i.test(ref) && isAllowedUrl(policy, ref) ? storedPathFor(policy, ref) : undefined;
        if (local) wanted.push({ url: ref, local });
      } else if (kindOf === 'relative' && baseUrl && ref !== '') {
        const url = new URL(ref, baseUrl).href;
        const local = path.resolve(path.dirname(base), decodeURI(ref));
        const rel = path.relative(policy.vendorDir, local);
        if (rel.startsWith('..') || path.isAbsolute(rel)) return; // generate refuses it, naming the rule
        if (isAllowedUrl(policy, url)) wanted.push({ url, local });
        else if (!out.has(local)) {
          throw new PipelineError(
            { file },
            `$ref '${site.node.$ref}' at ${site.pointer} is relative to the URL the spec came from: ${url}`,
            `list a URL prefix of it in ${display(path.join(policy.vendorDir, 'allowed-refs.txt'))} to fetch it at pull time, or pull a spec without external refs`,
          );
        }
      }
    });
    for (const { url, local } of wanted) {
      if (out.has(local)) continue;
      if (out.size >= MAX_REFERENCED_FILES) {
        throw new PipelineError({ file }, `references more than ${MAX_REFERENCED_FILES} files`, 'pull a bundled spec');
      }
      const body = (await fetchBounded(url, net)).text;
      out.set(local, body);
      if (/\.(ya?ml|json)$/i.test(local))
        queue.push({ doc: parseYaml(body, url), baseFile: local, baseUrl: url, file: url });
    }
  }
  return out;
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

/** Copies the vendor's folder as generate saw it into a fresh temporary folder; returns its path. */
async function keepRejected(vendorDir: string): Promise<string> {
  const kept = await fs.mkdtemp(path.join(os.tmpdir(), `agent-lifecycle-rejected-${path.basename(vendorDir)}-`));
  await fs.cp(vendorDir, kept, { recursive: true });
  return kept;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Ctrl-C or SIGTERM during a pull: downloads abort, and once the step under way ends, whatever was
 * written is put back (registered with onInterrupt) and the pull fails with one line.
 */
function interruptible() {
  const controller = new AbortController();
  let received: string | undefined;
  let undo: (() => Promise<unknown>) | undefined;
  const handler = (signal: string): void => {
    received ??= signal;
    controller.abort(new Error(`interrupted (${signal})`));
  };
  for (const s of SIGNALS) process.on(s, handler);
  const interrupted = (): PipelineError =>
    new PipelineError(
      undefined,
      `interrupted (${received}); specs/ and generated/ are as they were`,
      'rerun npm run specs:pull when ready',
    );
  return {
    controller,
    get received() {
      return received;
    },
    onInterrupt(fn: () => Promise<unknown>) {
      undo = fn;
    },
    /** Throws the interruption, if one came. */
    check() {
      if (received) throw interrupted();
    },
    async dispose() {
      for (const s of SIGNALS) process.off(s, handler);
      if (received && undo) await undo();
    },
  };
}
