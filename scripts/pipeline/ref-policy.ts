// Which `$ref`s a vendor's spec may use (README, "Security model"):
//   #/…                 always;
//   ./file, dir/file    only inside the vendor's own specs/<vendor>/ folder, real path checked after
//                       symlinks;
//   https://…, http://… only when specs/<vendor>/allowed-refs.txt lists a prefix of it, and then never
//                       fetched here: `specs:pull` stored a copy under specs/<vendor>/refs/<host>/…;
//   /abs/path, file:…   never.
// Data `$ref`s (in examples, `x-` extensions, descriptions: data-refs.ts) are not references at all.
import fs from 'node:fs';
import path from 'node:path';
import { BaseResolver, type Document, ResolveError, type Source } from '@redocly/openapi-core';
import { HIDDEN_REF_KEY, type RefSite, renameKey, walkRefs } from './data-refs.js';
import { display } from './paths.js';
import { PipelineError } from './pipeline-error.js';
import { parseYaml } from './yaml.js';

export const ALLOWLIST_FILE = 'allowed-refs.txt';
export const STORED_REFS_DIR = 'refs';
/** A `$ref` → `$ref` → … chain longer than this is refused (real specs use one or two hops). */
export const MAX_REF_CHAIN = 32;

export interface RefPolicy {
  vendorDir: string;
  /** realpath of vendorDir: what a file's real path must be inside. */
  realVendorDir: string;
  /** URL prefixes from allowed-refs.txt (one per line, origin and path: `https://host/dir/`). */
  allowed: string[];
}

export type RefKind = 'internal' | 'relative' | 'absolute' | 'url';

export function refKind(ref: string): RefKind {
  if (ref.startsWith('#')) return 'internal';
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) return 'url';
  if (ref.startsWith('/') || ref.startsWith('\\') || /^[a-z]:[\\/]/i.test(ref)) return 'absolute';
  return 'relative';
}

export function loadRefPolicy(vendorDir: string): RefPolicy {
  const dir = path.resolve(vendorDir);
  let allowed: string[] = [];
  try {
    allowed = fs
      .readFileSync(path.join(dir, ALLOWLIST_FILE), 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => /^https?:\/\/[^/]+\//.test(l));
  } catch {
    // No allow-list: no URL is allowed.
  }
  return { vendorDir: dir, realVendorDir: fs.realpathSync(dir), allowed };
}

export function isAllowedUrl(policy: RefPolicy, url: string): boolean {
  return policy.allowed.some((prefix) => url.startsWith(prefix));
}

/** Where `specs:pull` stores the copy of an allowed URL: specs/<vendor>/refs/<host>/<path>. */
export function storedPathFor(policy: RefPolicy, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const parts = decodeURIComponent(u.pathname)
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..')
    .map((p) => p.replace(/[^A-Za-z0-9._-]/g, '_'));
  const host = u.host.replace(/[^A-Za-z0-9.-]/g, '_');
  if (parts.length === 0 || !host) return undefined;
  return path.join(policy.vendorDir, STORED_REFS_DIR, host, ...parts);
}

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Why a file may not be read (undefined: it may). A missing file is left to the bundler to report. */
function fileVerdict(policy: RefPolicy, file: string): string | undefined {
  if (!inside(policy.vendorDir, file))
    return `leaves ${display(policy.vendorDir)}/ (rule: relative refs stay inside the vendor's folder)`;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return undefined;
  }
  if (!inside(policy.realVendorDir, real))
    return `is a link out of ${display(policy.vendorDir)}/ (rule: the real path must stay inside the vendor's folder)`;
  return undefined;
}

/** Why `ref` (written in `baseFile`) is refused, or undefined when the policy allows it. */
export function refVerdict(policy: RefPolicy, ref: string, baseFile: string): { why: string; fix: string } | undefined {
  const folder = display(policy.vendorDir);
  switch (refKind(ref)) {
    case 'internal':
      return undefined;
    case 'absolute':
      return {
        why: 'is an absolute path (rule: absolute paths are never read)',
        fix: `copy what it needs into ${folder}/ and use a relative $ref`,
      };
    case 'url': {
      const url = ref.replace(/#.*/, '');
      const stored = /^https?:/i.test(url) && isAllowedUrl(policy, url) ? storedPathFor(policy, url) : undefined;
      if (stored && fs.existsSync(stored)) return undefined;
      return {
        why: stored
          ? `is allowed but has no stored copy (rule: URLs are fetched only by specs:pull)`
          : `is a URL (rule: a spec may not make us call the network)`,
        fix: stored
          ? 'rerun npm run specs:pull for this vendor to store a copy'
          : `list a URL prefix of it in ${folder}/${ALLOWLIST_FILE} and rerun specs:pull (it stores a copy), or copy the file into ${folder}/`,
      };
    }
    default: {
      const file = path.resolve(path.dirname(baseFile), decodeURI(ref.replace(/#.*/, '')));
      const why = fileVerdict(policy, file);
      return why ? { why, fix: `copy what it needs into ${folder}/ or inline it` } : undefined;
    }
  }
}

/**
 * Applies the policy to every structural `$ref` of `doc` (read from `file`, refs relative to
 * `baseFile`), checks `#/…` chains, and hides data `$ref`s from the bundler. Throws the first refusal
 * as one line: file, JSON pointer, rule. Returns how many data `$ref`s were hidden.
 */
export function checkRefs(doc: unknown, file: string, baseFile: string, policy: RefPolicy): number {
  // One walk: the sites serve the policy, the chain check and the hiding.
  const sites: RefSite[] = [];
  walkRefs(doc, (site) => sites.push(site));
  for (const site of sites) {
    if (Object.hasOwn(site.node, HIDDEN_REF_KEY)) {
      throw new PipelineError(
        { file },
        `a key named "\\u0000$ref" at ${site.pointer}`,
        'remove it (it is not OpenAPI)',
      );
    }
    if (site.inData) continue;
    const ref = site.node.$ref as string;
    const verdict = refVerdict(policy, ref, baseFile);
    if (verdict) {
      throw new PipelineError(
        { file },
        `$ref '${ref}' at ${site.pointer} refused: it ${verdict.why}`,
        `${verdict.fix}; nothing was written`,
      );
    }
  }
  checkChains(doc, file, sites);
  let hidden = 0;
  for (const site of sites) {
    if (!site.inData) continue;
    renameKey(site.node, '$ref', HIDDEN_REF_KEY);
    hidden++;
  }
  return hidden;
}

/** Pure `$ref` → `$ref` chains inside one document: too long, or going round, is refused. */
export function checkChains(doc: unknown, file: string, known?: RefSite[]): void {
  const lengths = new Map<string, number>();
  const target = (ref: string): unknown => {
    let node: unknown = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
  // Hops from `ref` to a node that is not itself a bare internal reference.
  const hops = (ref: string, start: string, trail: Set<string>): number => {
    const known = lengths.get(ref);
    if (known !== undefined) return known;
    if (trail.has(ref)) {
      throw new PipelineError(
        { file },
        `$ref cycle starting at ${start} (${ref} refers back to itself)`,
        'break the cycle: one of the $refs must point at a definition',
      );
    }
    if (trail.size >= MAX_REF_CHAIN) {
      throw new PipelineError(
        { file },
        `$ref chain longer than ${MAX_REF_CHAIN} starting at ${start}`,
        'point the $ref at the definition itself',
      );
    }
    const node = target(ref);
    let n = 0;
    if (node && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string') {
      const next = (node as { $ref: string }).$ref;
      if (next.startsWith('#/')) {
        trail.add(ref);
        n = 1 + hops(next, start, trail);
        trail.delete(ref);
      }
    }
    lengths.set(ref, n);
    return n;
  };
  const check = (site: RefSite): void => {
    const ref = site.node.$ref as string;
    if (!site.inData && ref.startsWith('#/')) hops(ref, site.pointer, new Set());
  };
  if (known) known.forEach(check);
  else walkRefs(doc, check);
}

/**
 * Redocly's resolver, fenced: URLs map to their stored copies (never the network), files must pass the
 * policy, and every file is parsed by our parser (limits), checked by the same policy, its data `$ref`s
 * hidden. The first refusal is kept in `refused` (Redocly turns a thrown error into a bare "cannot
 * resolve"), and the bundler's caller rethrows it.
 */
export class GuardedResolver extends BaseResolver {
  refused: PipelineError | undefined;
  hidden = 0;

  constructor(readonly policy: RefPolicy) {
    super({ http: { headers: [] } });
  }

  override resolveExternalRef(base: string | null, ref: string): string {
    if (refKind(ref) === 'url') {
      const url = ref.replace(/#.*/, '');
      if (isAllowedUrl(this.policy, url)) return storedPathFor(this.policy, url) ?? ref;
      return ref;
    }
    // A relative ref inside a stored copy resolves next to the copy (its URL's folder), as it would online.
    return super.resolveExternalRef(base, ref);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const why =
      refKind(absoluteRef) === 'url'
        ? 'is a URL (rule: a spec may not make us call the network)'
        : fileVerdict(this.policy, absoluteRef);
    if (why) {
      this.refused ??= new PipelineError(
        { file: display(this.policy.vendorDir) },
        `$ref to '${absoluteRef}' refused: it ${why}`,
        'nothing was written',
      );
      throw new ResolveError(new Error(`refused by policy: ${absoluteRef}`));
    }
    return super.loadExternalRef(absoluteRef);
  }

  override parseDocument(source: Source, isRoot = false): Document {
    if (isRoot || !/\.(ya?ml|json)$/i.test(source.absoluteRef)) return super.parseDocument(source, isRoot);
    const file = display(source.absoluteRef);
    try {
      const parsed = parseYaml(source.body, file);
      this.hidden += checkRefs(parsed, file, source.absoluteRef, this.policy);
      return { source, parsed };
    } catch (err) {
      if (err instanceof PipelineError) this.refused ??= err;
      throw err;
    }
  }
}
