// YAML in and out. Parsing maps js-yaml's mark to file:line:col (offset by where an extracted
// block starts in its page); dumping is deterministic so unchanged specs give identical bytes.
import yaml from 'js-yaml';
import { PipelineError } from './pipeline-error.js';

export function parseYaml(text: string, file: string, lineOffset = 0): unknown {
  try {
    // JSON is YAML, so one parser serves openapi.json too. CORE_SCHEMA: an unquoted date in an
    // example must stay a string, not become a Date (JSON has no dates; Prism would disagree).
    return yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (err) {
    if (err instanceof yaml.YAMLException) {
      const mark = err.mark as { line?: number; column?: number } | undefined;
      const line = mark?.line !== undefined ? mark.line + 1 + lineOffset : undefined;
      const col = mark?.column !== undefined ? mark.column + 1 : undefined;
      throw new PipelineError(
        { file, line, col },
        `invalid YAML: ${err.reason}`,
        'fix the YAML syntax at that position',
      );
    }
    throw err;
  }
}

export function dumpYaml(value: unknown): string {
  // lineWidth -1: never fold long strings (folding differs between versions and hurts diffs).
  // noRefs: repeated objects are written out, never as YAML anchors Prism may not expect.
  return yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: "'" });
}
