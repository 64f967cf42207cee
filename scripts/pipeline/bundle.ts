// Resolves external $refs into components (internal ones are kept) with Redocly's bundler,
// and turns its first error into a one-line PipelineError pointing into our input files.
import fs from 'node:fs/promises';
import { bundle, type Config, createConfig, Source } from '@redocly/openapi-core';
import { restoreDataRefs } from './data-refs.js';
import { isObject, type JsonObject } from './json.js';
import { display } from './paths.js';
import { PipelineError } from './pipeline-error.js';
import { checkChains, GuardedResolver, type RefPolicy } from './ref-policy.js';
import type { VendorInput } from './sources.js';

let configPromise: Promise<Config> | undefined;
function bundleConfig(): Promise<Config> {
  // No lint rules here: linting is lint:specs' job; the bundler still reports unresolved refs.
  configPromise ??= createConfig({});
  return configPromise;
}

/**
 * `input.doc` has passed the reference policy (ref-policy.ts) and has its data `$ref`s hidden
 * (`hiddenDataRefs` of them); external files go through the same policy as the bundler reaches them.
 */
export async function bundleVendor(input: VendorInput, policy: RefPolicy, hiddenDataRefs = 0): Promise<JsonObject> {
  const config = await bundleConfig();
  // The source text only serves the bundler's own locations, which we do not print (see locate),
  // so the cheap JSON form will do.
  const source = new Source(input.base, JSON.stringify(input.doc), 'application/json');
  const externalRefResolver = new GuardedResolver(policy);
  const result = await bundle({ doc: { source, parsed: input.doc }, config, dereference: false, externalRefResolver });
  if (externalRefResolver.refused) throw externalRefResolver.refused;
  const problem = result.problems.find((p) => p.severity === 'error');
  if (problem) {
    const pointer = problem.location?.[0]?.pointer;
    const ref = pointer ? refAt(input.doc, pointer) : undefined;
    if (ref !== undefined) {
      const where = await locate(input.files, ref);
      throw new PipelineError(
        where ?? { file: display(input.mainFile) },
        `$ref ${ref} does not resolve`,
        'define the target (e.g. under components) or fix the reference, or correct it in overlay.yaml',
      );
    }
    throw new PipelineError(
      { file: display(input.mainFile) },
      `${problem.message}${pointer ? ` at ${pointer}` : ''}`,
      'fix the spec at that location',
    );
  }
  const bundled = result.bundle.parsed as JsonObject;
  // Inlined files may have brought new #/ chains; data $refs go back to what the vendor wrote.
  if (externalRefResolver.getFiles().size > 0) checkChains(bundled, display(input.mainFile));
  if (hiddenDataRefs + externalRefResolver.hidden > 0) restoreDataRefs(bundled);
  return bundled;
}

/** The $ref string at a JSON pointer ("#/paths/~1a/get/..."), if that node is a reference. */
function refAt(doc: JsonObject, pointer: string): string | undefined {
  let cur: unknown = doc;
  for (const seg of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObject(cur) ? cur[key] : Array.isArray(cur) ? cur[Number(key)] : undefined;
  }
  return isObject(cur) && typeof cur.$ref === 'string' ? cur.$ref : undefined;
}

/**
 * The merged/overlaid document has no file of its own, so find the text in the inputs. Refs
 * may be folded over lines in YAML (`>-`), so fall back to the last path segment.
 */
async function locate(
  files: string[],
  needle: string,
): Promise<{ file: string; line: number; col: number } | undefined> {
  const tail = needle.split('/').pop() ?? needle;
  for (const candidate of [needle, tail]) {
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      const lines = text.split('\n');
      const i = lines.findIndex(
        (l) => l.includes(candidate) && (candidate === needle || l.includes('$ref') || !l.includes(':')),
      );
      if (i >= 0) return { file: display(file), line: i + 1, col: lines[i]!.indexOf(candidate) + 1 };
    }
  }
  return undefined;
}
