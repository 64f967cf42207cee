// `node scripts/launch.mjs <script> [args]`: runs scripts/<script>.ts (or conformance/run.ts for
// `conformance`) as JavaScript that esbuild built into .tmp/scripts/ (rebuilt only when one of its inputs changed), instead of through tsx's loader,
// whose start-up and per-file transforms were most of a one-vendor `npm run generate`. On Node ≥ 22
// V8's compile cache (.tmp/compile-cache) also spares re-parsing TypeScript's 9 MB compiler, which
// openapi-typescript loads. Plain .mjs on purpose: it must start without any loader.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const name = process.argv[2] ?? '';
if (!/^[a-z][a-z-]*$/.test(name)) {
  process.stderr.write(`launch: expected a script name (e.g. generate), got '${name}'\n`);
  process.exit(2);
}
// The npm scripts whose entry is not scripts/<name>.ts.
const ENTRIES = { conformance: 'conformance/run.ts' };
const entryFile = Object.hasOwn(ENTRIES, name) ? ENTRIES[name] : `scripts/${name}.ts`;
const entry = path.join(root, entryFile);
// Two levels under the root like scripts/<name>.ts and conformance/<dir>/<file>.ts, so
// `import.meta.dirname/../..` is still the root.
const outDir = path.join(root, '.tmp', 'scripts');
const out = path.join(outDir, `${name}.mjs`);
const inputsFile = path.join(outDir, `${name}.inputs.json`);

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

/** Built output is fresh when it exists and no input (nor this file) is newer than it. */
function fresh() {
  const built = mtime(out);
  if (!Number.isFinite(built)) return false;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  return [import.meta.filename, ...inputs].every((file) => mtime(path.join(root, file)) <= built);
}

if (!fresh()) {
  const { build } = await import('esbuild');
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      metafile: true,
      outfile: out,
      logLevel: 'silent',
      absWorkingDir: root,
    });
  } catch (err) {
    const first = err.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}: ` : '';
    process.stderr.write(
      `${name}: cannot build ${entryFile}: ${where}${first?.text ?? err.message} — fix it (npx tsx ${entryFile} shows the same error)\n`,
    );
    process.exit(1);
  }
  mkdirSync(outDir, { recursive: true });
  // Temp file + rename: another launch starting now sees the old build or the new one, never half.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(Object.keys(result.metafile.inputs)));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  renameSync(tmp, out);
}

module.enableCompileCache?.(path.join(root, '.tmp', 'compile-cache'));
// The script reads its own arguments from process.argv.slice(2), as when tsx ran it.
process.argv.splice(1, 2, entry);
const script = await import(pathToFileURL(out).href);
await script.main();
