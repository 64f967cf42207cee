// Finds and loads one vendor's inputs into a single OpenAPI object.
// Precedence (documented in README): a full spec file (openapi.yaml | openapi.yml | openapi.json)
// in specs/<vendor>/ wins over pages/; the pages are then ignored (a note says so). overlay.yaml
// applies in both cases, after merging.
import fs from 'node:fs/promises';
import path from 'node:path';
import { extractYamlBlocks } from './extract.js';
import { isObject, type JsonObject } from './json.js';
import { type DocPart, mergeDocuments } from './merge.js';
import { applyOverlay, parseOverlay } from './overlay.js';
import { display } from './paths.js';
import { PipelineError } from './pipeline-error.js';
import { checkVendorName } from './vendor-name.js';
import { parseYaml } from './yaml.js';

export const SPEC_FILES = ['openapi.yaml', 'openapi.yml', 'openapi.json'] as const;
export const PAGE_EXTENSIONS = ['.md', '.txt'] as const;
export const OVERLAY_FILE = 'overlay.yaml';

export interface VendorInput {
  doc: JsonObject;
  /** Where external $refs resolve from: the spec file, or a virtual file in pages/. */
  base: string;
  /** The file a failure without a better location is blamed on. */
  mainFile: string;
  /** Every input file read, for locating problems found later (e.g. by the bundler). */
  files: string[];
  notes: string[];
}

export async function listVendors(specsDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(specsDir, { withFileTypes: true });
  } catch {
    throw new PipelineError(
      { file: display(specsDir) },
      'specs directory not found',
      'run from the repository root or pass --specs-dir <dir>',
    );
  }
  const names = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  // A folder name becomes a path in generated/, a package subpath and an identifier: checked here,
  // where every vendor is found.
  for (const name of names) checkVendorName(name, display(path.join(specsDir, name)));
  return names;
}

export async function loadVendor(specsDir: string, vendor: string): Promise<VendorInput> {
  const dir = path.join(specsDir, vendor);
  const names = new Set(await fs.readdir(dir));
  const specs = SPEC_FILES.filter((f) => names.has(f));
  if (specs.length > 1) {
    throw new PipelineError({ file: display(dir) }, `several full specs (${specs.join(', ')})`, 'keep exactly one');
  }
  const notes: string[] = [];
  let input: VendorInput;
  if (specs[0]) {
    const file = path.join(dir, specs[0]);
    const doc = asOpenApi(parseYaml(await fs.readFile(file, 'utf8'), display(file)), display(file), 1);
    input = { doc, base: file, mainFile: file, files: [file], notes };
    if (names.has('pages')) notes.push(`using ${specs[0]}; pages/ ignored (a full spec takes precedence)`);
  } else if (names.has('pages')) {
    input = await loadPages(path.join(dir, 'pages'), notes);
  } else {
    throw new PipelineError(
      { file: display(dir) },
      'no vendor source',
      `add ${SPEC_FILES[0]} or pages/*.md (npm run specs:pull -- ${vendor} <url-or-file>)`,
    );
  }
  if (names.has(OVERLAY_FILE)) {
    const file = path.join(dir, OVERLAY_FILE);
    const text = await fs.readFile(file, 'utf8');
    const actions = parseOverlay(parseYaml(text, display(file)), text, display(file));
    input.doc = applyOverlay(input.doc, actions, display(file), notes);
    input.files.push(file);
  }
  return input;
}

async function loadPages(pagesDir: string, notes: string[]): Promise<VendorInput> {
  const pages = (await fs.readdir(pagesDir)).filter((f) => PAGE_EXTENSIONS.some((ext) => f.endsWith(ext))).sort();
  if (pages.length === 0) {
    throw new PipelineError({ file: display(pagesDir) }, 'no pages (*.md)', 'pull a doc page with npm run specs:pull');
  }
  const parts: DocPart[] = [];
  const files: string[] = [];
  for (const name of pages) {
    const file = path.join(pagesDir, name);
    const shown = display(file);
    const page = await fs.readFile(file, 'utf8');
    files.push(file);
    let found = 0;
    for (const block of extractYamlBlocks(page, shown)) {
      const raw = parseYaml(block.text, shown, block.line - 1);
      // Pages may show other YAML (config samples); only OpenAPI documents are merged.
      if (isObject(raw) && typeof raw.openapi === 'string') {
        parts.push({ doc: raw, file: shown, line: block.line });
        found++;
      }
    }
    if (found === 0) notes.push(`${name}: no OpenAPI yaml block, skipped`);
  }
  if (parts.length === 0) {
    throw new PipelineError(
      { file: display(pagesDir) },
      'no ```yaml block with an `openapi:` document in any page',
      'check the pages were saved as markdown',
    );
  }
  return { doc: mergeDocuments(parts), base: path.join(pagesDir, 'merged.yaml'), mainFile: files[0]!, files, notes };
}

function asOpenApi(raw: unknown, file: string, line: number): JsonObject {
  if (!isObject(raw) || typeof raw.openapi !== 'string' || !/^3\./.test(raw.openapi)) {
    throw new PipelineError(
      { file, line },
      'not an OpenAPI 3.x document (no `openapi: 3.x` at the top)',
      "check the file is the vendor's OpenAPI spec",
    );
  }
  return raw;
}
