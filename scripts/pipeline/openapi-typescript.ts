// schema.d.ts via openapi-typescript's Node API, from the already-bundled document.
import { type Config, createConfig } from '@redocly/openapi-core';
import { HIDDEN_REF_KEY, hideDataRefs } from './data-refs.js';
import { clone, type JsonObject } from './json.js';
import { PipelineError } from './pipeline-error.js';

let configPromise: Promise<Config> | undefined;
function typesConfig(): Promise<Config> {
  // Same as openapi-typescript's own default (duplicate operationIds are errors), built once
  // instead of once per vendor.
  configPromise ??= createConfig(
    { rules: { 'operation-operationId-unique': { severity: 'error' } } },
    { extends: ['minimal'] },
  );
  return configPromise;
}

export async function generateTypes(doc: JsonObject, file: string): Promise<string> {
  // The document comes repaired (repairs.ts), its unrepairable defects already listed with their
  // real pointers: openapi-typescript would stop at the first, at a pointer of its own making.
  // Loaded on demand: openapi-typescript pulls in the TypeScript compiler (~1.5 s to import),
  // which lint:specs and early failures never need.
  const { default: openapiTS, astToString, COMMENT_HEADER } = await import('openapi-typescript');
  const redocly = await typesConfig();
  // openapi-typescript prints its validation errors itself before throwing; hold them back so
  // a failure is reported as our single line.
  const restore = muteConsoleError();
  try {
    // openapi-typescript bundles again with Redocly's own resolver, which follows `$ref`s even in
    // examples and x- extensions (files, URLs): those are data, so hidden from it, and put back where
    // it quotes them (JSDoc @example/@default).
    const input = clone(doc);
    const hidden = hideDataRefs(input);
    const ast = await openapiTS(input as never, { redocly, silent: true });
    const text = COMMENT_HEADER + astToString(ast);
    return hidden === 0 ? text : text.replaceAll(JSON.stringify(HIDDEN_REF_KEY).slice(1, -1), '$ref');
  } catch (err) {
    throw new PipelineError(
      { file },
      `openapi-typescript rejected the built spec: ${(err as Error).message}`,
      'fix the spec at that location',
    );
  } finally {
    restore();
  }
}

// Vendors build concurrently: the mute is counted, so the last one to finish restores the real
// console.error (a plain save/restore pair would leave it muted when the calls overlap).
let muted = 0;
let realConsoleError: typeof console.error = console.error;
function muteConsoleError(): () => void {
  if (muted++ === 0) {
    realConsoleError = console.error;
    console.error = () => {};
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--muted === 0) console.error = realConsoleError;
  };
}
