import { defineConfig } from 'tsup';

// One entry per vendor so `agent-lifecycle/<vendor>` bundles only that vendor. Splitting puts the shared
// façade and error classes in common chunks, so `instanceof` holds across entries in ESM and CJS alike.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    smallest: 'src/smallest-client.ts',
    qoder: 'src/qoder-client.ts',
    ayra: 'src/ayra-client.ts',
    // The `agent-lifecycle` bin; src/cli/main.ts carries its own hashbang, which esbuild keeps.
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  external: ['openapi-fetch'],
});
