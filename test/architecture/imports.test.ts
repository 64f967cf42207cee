// Layers import only downward, and no file imports itself back through others (type-only imports
// included), in src/, conformance/ and scripts/. The rules are data: a folder joins the check with one
// row in RULES.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Rule {
  /** The layer's name, as `may` lists it. */
  layer: string;
  /** Repo-relative files of the layer: a folder (`src/core/`) or a pattern over one folder's files. */
  files: RegExp;
  /** Layers (and outside folders such as `generated`) this one may import; its own always. */
  may: readonly string[];
}

/** Bottom first. A checked file that no row matches fails the check: a new folder needs a row. */
const RULES: readonly Rule[] = [
  { layer: 'core', files: /^src\/core\//, may: [] },
  { layer: 'internal', files: /^src\/internal\//, may: ['core'] },
  // Vendor knowledge: the public core types and its own generated types, never `internal`.
  { layer: 'providers', files: /^src\/providers\//, may: ['core', 'generated'] },
  { layer: 'client', files: /^src\/client\//, may: ['core', 'internal'] },
  // Batches: a plugin over any client, through its public per-call hooks (the client knows nothing of them).
  { layer: 'bulk', files: /^src\/bulk\//, may: ['core', 'internal', 'client'] },
  // The package's entry points (`agent-lifecycle`, `agent-lifecycle/<vendor>`, `agent-lifecycle/bulk`).
  { layer: 'entries', files: /^src\/[^/]+\.ts$/, may: ['core', 'client', 'bulk', 'providers', 'generated'] },
  // An application over the library: its entries, plus the redactor and printable() it formats output with.
  { layer: 'cli', files: /^src\/cli\//, may: ['entries', 'core', 'internal', 'providers', 'package.json'] },
  // Reading, repairing and building vendor specs: below every script and the conformance suite, which
  // share its spec knowledge (data `$ref`s, schema keywords).
  { layer: 'pipeline', files: /^scripts\/pipeline\//, may: ['core'] },
  // Conformance: the cases, their checks and their shared types, over the library's public entries.
  { layer: 'conformance/suite', files: /^conformance\/suite\//, may: ['core', 'internal', 'entries', 'pipeline'] },
  // Prism servers, targets, settings, providers, reports: what runs the suite, never what it checks.
  // `providers`: the registry's provider modules, whose `semantics` export no entry ships.
  {
    layer: 'conformance/harness',
    files: /^conformance\/harness\//,
    may: ['conformance/suite', 'core', 'internal', 'entries', 'providers', 'pipeline'],
  },
  // The suite's entries: `npm run conformance` (run.ts) and the vitest file that declares the cases.
  {
    layer: 'conformance',
    files: /^conformance\/[^/]+\.ts$/,
    may: ['conformance/harness', 'conformance/suite', 'core'],
  },
  // The corpus stages: they start a vendor's mock as a conformance run does.
  { layer: 'scripts/corpus', files: /^scripts\/corpus\//, may: ['conformance/harness', 'pipeline', 'core'] },
  // One file per npm script (generate, specs-pull, lint-specs, update, corpus) and launch.mjs.
  {
    layer: 'scripts',
    files: /^scripts\/[^/]+\.(ts|mjs)$/,
    may: ['scripts/corpus', 'pipeline', 'conformance/harness', 'core'],
  },
  // Outside folders a layer may name in `may`; their own imports are not checked here.
  { layer: 'generated', files: /^generated\//, may: [] },
  { layer: 'package.json', files: /^package\.json$/, may: [] },
];

/** Folders whose files are checked (the rest of RULES only names what they may import). */
const CHECKED = ['src', 'conformance', 'scripts'];

type Graph = Map<string, string[]>;

/** Every relative import, export-from, `import type` and `import()` of each file, resolved to a repo path. */
function importGraph(files: Map<string, string>): Graph {
  const graph: Graph = new Map();
  for (const [file, text] of files) {
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

const layerOf = (file: string): Rule | undefined => RULES.find((r) => r.files.test(file));

/** Upward (or sideways) imports, and files no rule places. */
function layerViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (!from) {
      out.push(`${file}: in no layer (add a row to RULES)`);
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target);
      if (to === from) continue;
      if (!to) out.push(`${file} imports ${target}, which is in no layer`);
      else if (!from.may.includes(to.layer)) out.push(`${file} (${from.layer}) imports ${target} (${to.layer})`);
    }
  }
  return out;
}

/** Each cycle once, as `a -> b -> a` (Tarjan's strongly connected components). */
function cycles(graph: Graph): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) out.push([...component.reverse(), v].join(' -> '));
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

function sourceFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(m?ts|mjs)$/.test(entry.name)) continue;
    const abs = path.join(entry.parentPath, entry.name);
    files.set(path.relative(ROOT, abs).split(path.sep).join('/'), readFileSync(abs, 'utf8'));
  }
  return files;
}

describe('the layers of src/, conformance/ and scripts/', () => {
  const graph = importGraph(new Map(CHECKED.flatMap((folder) => [...sourceFiles(folder)])));

  it('import only downward', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('have no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });
});

describe('the check itself', () => {
  const tree = new Map([
    ['src/core/errors.ts', "import type { Client } from '../client/types.js';"],
    ['src/client/types.ts', "export type { X } from '../core/errors.js';"],
    ['src/providers/acme.ts', "import { sleep } from '../internal/sleep.js';\nimport('./beta.js');"],
    ['src/providers/beta.ts', "import type { A } from './acme.js';"],
    ['src/internal/sleep.ts', ''],
    ['src/extra/thing.ts', ''],
    ['src/cli/run.ts', "import { main } from '../../conformance/run.js';"],
    ['scripts/pipeline/build.ts', "import { update } from '../update.js';"],
    ['scripts/update.ts', ''],
    ['conformance/run.ts', ''],
    ['conformance/suite/cases.ts', "import type { Ctx } from './execute.js';"],
    [
      'conformance/suite/execute.ts',
      "import { targets } from '../harness/targets.js';\nimport { buildCases } from './cases.js';",
    ],
    ['conformance/harness/targets.ts', ''],
  ]);
  const graph = importGraph(tree);

  it('reports an upward import, a provider reaching into internal, and a file in no layer', () => {
    expect(layerViolations(graph)).toEqual([
      'src/core/errors.ts (core) imports src/client/types.ts (client)',
      'src/providers/acme.ts (providers) imports src/internal/sleep.ts (internal)',
      'src/extra/thing.ts: in no layer (add a row to RULES)',
      'src/cli/run.ts (cli) imports conformance/run.ts (conformance)',
      'scripts/pipeline/build.ts (pipeline) imports scripts/update.ts (scripts)',
      'conformance/suite/execute.ts (conformance/suite) imports conformance/harness/targets.ts (conformance/harness)',
    ]);
  });

  it('reports cycles across layers and within one, type-only and dynamic imports included', () => {
    expect(cycles(graph)).toEqual([
      'src/core/errors.ts -> src/client/types.ts -> src/core/errors.ts',
      'src/providers/acme.ts -> src/providers/beta.ts -> src/providers/acme.ts',
      'conformance/suite/cases.ts -> conformance/suite/execute.ts -> conformance/suite/cases.ts',
    ]);
  });
});
