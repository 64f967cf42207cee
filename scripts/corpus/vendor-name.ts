import path from 'node:path';

/** `openai-openapi.yaml` → `openai`: the vendor a spec file stands for. */
export function vendorOf(file: string): string {
  const stem = path
    .basename(file)
    .replace(/\.(json|ya?ml)$/i, '')
    .replace(/[-_.]?openapi$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem || 'vendor';
}
