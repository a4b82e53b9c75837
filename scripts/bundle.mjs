// Bundles the CLI into dist/bin/ (one ESM entry plus lazily loaded chunks per command), so start-up
// does not resolve hundreds of small AWS SDK modules one by one. `npm run build` runs it after tsc.
import { build } from 'esbuild';

await build({
  entryPoints: { reconcile: 'src/cli/main.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __reconcileRequire } from 'node:module';\nconst require = __reconcileRequire(import.meta.url);" },
  logLevel: 'warning',
});
