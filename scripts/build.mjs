// Bundles the CLI into dist/ with esbuild. Code splitting keeps the Azure SDKs in chunks that the CLI imports
// after the first frame, so start-up pays only for Ink and the wizard's own code (the first-frame budget of `npm run bench`).

import { chmod, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { needsBuild } from './freshness.mjs';

// `npm start` passes --if-stale: a bundle newer than every source file is used as it is.
if (process.argv.includes('--if-stale') && !needsBuild(process.cwd())) process.exit(0);

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  jsx: 'automatic',
  sourcemap: 'linked',
  legalComments: 'none',
  // Minified chunks parse faster and hold about 30 MB less memory (the first-frame and peak-RSS budgets of `npm run bench`). Names are
  // not kept (that costs back most of the memory): nothing may depend on a function's or class's `name`; error
  // types are told apart by their `name` property or shape. The linked source maps give readable stacks.
  minify: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Ink loads react-devtools-core only when DEV=true; it is not a dependency of ours.
  external: ['react-devtools-core', 'node-pty'],
  // Some CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  // React's development build warns on stderr (which Ink does not own) and is slower to start.
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
