// Reads a generated OpenAPI document and lists what it documents: operations, their parameters,
// and every response status with its media types, schemas, headers and examples.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { HTTP_METHODS } from '../../src/core/types.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const GENERATED_DIR = join(REPO_ROOT, 'generated');

export type OpenApiDocument = Record<string, any>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: Record<string, unknown>;
  example?: unknown;
}

export interface NamedExample {
  name: string;
  /** `x-already-in-state`: this answer means the agent already is in that state (idempotent success). */
  alreadyInState?: string;
}

export interface SpecResponse {
  status: string;
  /** Named examples of the first media type, in document order (Prism's `Prefer: example=`). */
  examples: NamedExample[];
  /** media type -> JSON pointer of its schema (undefined when the media type has none) */
  content: Record<string, { schemaPointer?: string /** The spec gives a whole example body. */; hasExample?: boolean }>;
  headers: string[];
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object, for schema references */
  pointer: string;
  parameters: SpecParameter[];
  requestBody?: {
    required: boolean;
    mediaType: string;
    example?: unknown;
    schema?: unknown;
    /** JSON pointer of the body's schema, for validating an example before it is sent. */
    schemaPointer?: string;
  };
  responses: SpecResponse[];
  secured: boolean;
}

/** What `info.x-authored-by` says in a spec we wrote ourselves (specs/qoder, specs/ayra). */
export const AUTHORED_BY_US = 'agent-lifecycle';

/**
 * Who wrote the spec: `ours` when its `info.x-authored-by` is `agent-lifecycle`, else the vendor's
 * (a published spec carries no such marker, or names its own author). Decides whose a spec defect is.
 */
export function specAuthor(doc: OpenApiDocument): 'ours' | 'vendor' {
  return doc?.info?.['x-authored-by'] === AUTHORED_BY_US ? 'ours' : 'vendor';
}

export function loadSpec(file: string): OpenApiDocument {
  return yaml.load(readFileSync(file, 'utf8')) as OpenApiDocument;
}

export function specPath(vendor: string, generatedDir = GENERATED_DIR): string {
  return join(generatedDir, vendor, 'openapi.yaml');
}

/** Vendors are the folders of generated/ holding an openapi.yaml. */
export function listVendors(generatedDir = GENERATED_DIR): string[] {
  if (!existsSync(generatedDir)) return [];
  return readdirSync(generatedDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(generatedDir, d.name, 'openapi.yaml')))
    .map((d) => d.name)
    .sort();
}

export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows a local `$ref` chain ("#/components/...") until a concrete object. */
export function deref<T = any>(doc: OpenApiDocument, value: any): { value: T; pointer?: string } {
  let pointer: string | undefined;
  let seen = 0;
  while (value && typeof value === 'object' && typeof value.$ref === 'string') {
    if (!value.$ref.startsWith('#/') || ++seen > 32) throw new Error(`unresolvable $ref ${value.$ref}`);
    const target = refToPointer(value.$ref);
    pointer = target;
    value = resolvePointer(doc, target);
  }
  return { value, pointer };
}

/** A local `$ref` ("#/a/%7Bb%7D") as a plain JSON pointer ("/a/{b}"): URI escapes decoded once, here. */
export function refToPointer(ref: string): string {
  return ref
    .slice(1)
    .split('/')
    .map((token) => decodeURIComponent(token))
    .join('/');
}

/** Resolves a plain (not URI-encoded) JSON pointer. */
export function resolvePointer(doc: OpenApiDocument, pointer: string): any {
  let node: any = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.[token];
    if (node === undefined) throw new Error(`$ref target ${pointer} does not exist`);
  }
  return node;
}

function firstExample(obj: any, doc: OpenApiDocument): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  if (obj.example !== undefined) return obj.example;
  const examples = obj.examples && Object.values(obj.examples);
  if (examples && examples.length > 0) return deref<any>(doc, examples[0]).value?.value;
  if (obj.schema) {
    const schema = deref<any>(doc, obj.schema).value;
    if (schema?.example !== undefined) return schema.example;
    if (Array.isArray(schema?.examples) && schema.examples.length > 0) return schema.examples[0];
  }
  return undefined;
}

export function listOperations(doc: OpenApiDocument): SpecOperation[] {
  const operations: SpecOperation[] = [];
  const rootSecured = Array.isArray(doc.security) && doc.security.length > 0;
  for (const [path, rawItem] of Object.entries<any>(doc.paths ?? {})) {
    const item = deref<any>(doc, rawItem).value;
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const pointer = `/paths/${escapePointer(path)}/${method}`;
      const params = new Map<string, SpecParameter>();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const p = deref<any>(doc, raw).value;
        params.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.in === 'path' ? true : Boolean(p.required),
          schema: p.schema,
          example: firstExample(p, doc),
        });
      }
      let requestBody: SpecOperation['requestBody'];
      if (op.requestBody) {
        const { value: body, pointer: bodyRef } = deref<any>(doc, op.requestBody);
        // JSON when the operation takes it (what a client sends by default), else its first media type.
        const mediaTypes = Object.keys(body.content ?? {});
        const mediaType = mediaTypes.find((m) => /[/+]json\b/i.test(m)) ?? mediaTypes[0] ?? 'application/json';
        const schema = body.content?.[mediaType]?.schema;
        requestBody = {
          required: Boolean(body.required),
          mediaType,
          example: firstExample(body.content?.[mediaType], doc),
          schema,
          ...(schema
            ? { schemaPointer: `${bodyRef ?? `${pointer}/requestBody`}/content/${escapePointer(mediaType)}/schema` }
            : {}),
        };
      }
      const responses: SpecResponse[] = [];
      for (const [status, rawResponse] of Object.entries<any>(op.responses ?? {})) {
        const { value: response, pointer: refPointer } = deref<any>(doc, rawResponse);
        const base = refPointer ?? `${pointer}/responses/${escapePointer(status)}`;
        const content: SpecResponse['content'] = {};
        for (const [mediaType, media] of Object.entries<any>(response?.content ?? {})) {
          content[mediaType] = {
            schemaPointer: media?.schema ? `${base}/content/${escapePointer(mediaType)}/schema` : undefined,
            hasExample: firstExample(media, doc) !== undefined,
          };
        }
        const firstMedia: any = Object.values(response?.content ?? {})[0];
        const examples = Object.entries<any>(firstMedia?.examples ?? {}).map(([name, raw]) => {
          const example = deref<any>(doc, raw).value;
          const state = example?.['x-already-in-state'];
          return typeof state === 'string' ? { name, alreadyInState: state } : { name };
        });
        responses.push({ status, content, examples, headers: Object.keys(response?.headers ?? {}) });
      }
      const secured = op.security ? op.security.length > 0 : rootSecured;
      operations.push({
        operationId: op.operationId ?? `${method} ${path}`,
        method,
        path,
        pointer,
        parameters: [...params.values()],
        requestBody,
        responses,
        secured,
      });
    }
  }
  return operations;
}
