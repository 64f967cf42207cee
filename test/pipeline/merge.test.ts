import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractYamlBlocks } from '../../scripts/pipeline/extract.js';
import { clone, type JsonObject } from '../../scripts/pipeline/json.js';
import { type DocPart, mergeDocuments } from '../../scripts/pipeline/merge.js';
import { formatError } from '../../scripts/pipeline/pipeline-error.js';
import { parseYaml } from '../../scripts/pipeline/yaml.js';
import { smallestPages } from '../helpers/workspace.js';

async function pageParts(): Promise<DocPart[]> {
  const parts: DocPart[] = [];
  for (const name of (await fs.readdir(smallestPages)).sort()) {
    const file = `specs/smallest/pages/${name}`;
    const page = await fs.readFile(path.join(smallestPages, name), 'utf8');
    const [block] = extractYamlBlocks(page, file);
    parts.push({ doc: parseYaml(block!.text, file) as JsonObject, file, line: block!.line });
  }
  return parts;
}

function mergeError(parts: DocPart[]): string {
  try {
    mergeDocuments(parts);
  } catch (e) {
    return formatError('generate', e);
  }
  throw new Error('expected a merge conflict');
}

describe('mergeDocuments', () => {
  it('merges the Smallest pages: both paths, shared components once, servers by url', async () => {
    const merged = mergeDocuments(await pageParts());
    expect(Object.keys(merged.paths as JsonObject)).toEqual(['/agent/{id}/archive', '/agent/{id}/drafts/{draftId}']);
    const schemas = (merged.components as { schemas: JsonObject }).schemas;
    // Page 000 has 8 schemas, page 004 has 4 of which these 3 are identical copies: 9 in all.
    for (const n of ['UnauthorizedErrorResponse', 'BadRequestErrorResponse', 'InternalServerErrorResponse'])
      expect(schemas[n]).toBeDefined();
    expect(Object.keys(schemas)).toHaveLength(9);
    expect(merged.servers).toEqual([{ url: 'https://api.smallest.ai/atoms/v1', description: 'Production server' }]);
    expect((merged.components as { securitySchemes: JsonObject }).securitySchemes.BearerAuth).toBeDefined();
  });

  it('names both pages and the component when a shared component differs', async () => {
    const parts = await pageParts();
    const second = clone(parts[1]!);
    (second.doc.components as { schemas: Record<string, JsonObject> }).schemas.UnauthorizedErrorResponse!.properties = {
      status: { type: 'string' },
    };
    const line = mergeError([parts[0]!, second]);
    expect(line).toBe(
      `generate: specs/smallest/pages/004_discard-a-draft.md:${second.line}: components.schemas.UnauthorizedErrorResponse differs between 000_archive-or-unarchive-agent.md and 004_discard-a-draft.md — the vendor's pages disagree: pull a fresh copy of the older page, or put a full spec in the vendor's openapi.yaml`,
    );
  });

  it('names both pages when the same operation is defined twice differently', async () => {
    const [a] = await pageParts();
    const b: DocPart = { ...clone(a!), file: 'pages/zz-copy.md', line: 7 };
    (b.doc.paths as Record<string, Record<string, JsonObject>>)['/agent/{id}/archive']!.delete!.summary = 'changed';
    const line = mergeError([a!, b]);
    expect(line).toContain(
      "pages/zz-copy.md:7: paths['/agent/{id}/archive'].delete differs between 000_archive-or-unarchive-agent.md and zz-copy.md",
    );
  });

  it('accepts an identical duplicate page', async () => {
    const [a] = await pageParts();
    expect(mergeDocuments([a!, { ...clone(a!), file: 'dup.md' }])).toEqual(mergeDocuments([a!]));
  });
});
