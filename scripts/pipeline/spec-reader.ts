// The one way a vendor's spec enters the toolkit (generate, specs:pull, update, lint:specs, watch; the
// conformance run reads what generate wrote). A spec is untrusted input, read the way a browser reads
// a page (README, "Security model"):
//   - the vendor's name is checked (VENDOR_NAME);
//   - every file is parsed with limits (yaml.ts: size, depth, alias growth, cycles, duplicate keys;
//     `__proto__` stays data);
//   - every `$ref` is resolved by policy (ref-policy.ts): #/… always, relative files only inside
//     specs/<vendor>/, URLs only from stored copies of an allow-list, absolute paths never; `$ref`s in
//     examples, `x-` extensions and descriptions are data and never resolved (data-refs.ts);
//   - a refusal is one line (file, JSON pointer, rule) and nothing is written.
// What comes out is the bundled document with only #/ references left.
import path from 'node:path';
import { bundleVendor } from './bundle.js';
import type { JsonObject } from './json.js';
import { display } from './paths.js';
import { checkRefs, loadRefPolicy } from './ref-policy.js';
import { loadVendor } from './sources.js';
import { checkVendorName } from './vendor-name.js';

export { checkVendorName, VENDOR_NAME } from './vendor-name.js';
export { parseYaml as parseSpecText } from './yaml.js';

export interface VendorSpec {
  vendor: string;
  /** The bundled document: every external reference inlined, only #/… left. */
  doc: JsonObject;
  /** The file a problem without a better location is blamed on (the spec, or the first page). */
  mainFile: string;
  /** Every input file read (spec or pages, overlay). */
  files: string[];
  /** Notes for the person running the pipeline (pages ignored, overlay actions that no longer apply). */
  notes: string[];
}

/** Reads, checks and bundles specs/<vendor>/. Throws PipelineError (one line) on anything refused. */
export async function readVendorSpec(specsDir: string, vendor: string): Promise<VendorSpec> {
  checkVendorName(vendor, display(path.join(specsDir, vendor)));
  const input = await loadVendor(specsDir, vendor);
  const policy = loadRefPolicy(path.join(specsDir, vendor));
  const hidden = checkRefs(input.doc, display(input.mainFile), input.base, policy);
  const doc = await bundleVendor(input, policy, hidden);
  return { vendor, doc, mainFile: input.mainFile, files: input.files, notes: input.notes };
}
