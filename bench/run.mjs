// `npm run bench`: bundles the TypeScript suite in bench/ with esbuild, then runs it. The bundle goes
// under node_modules/.cache so that its external imports (node-pty, a native module) resolve from the project.
// The suite prints a table and writes bench/results.json; it exits 0 however slow the figures are.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const outdir = join('node_modules', '.cache', 'entra-vm-login-bench');
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: { suite: 'bench/suite.ts' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  jsx: 'automatic',
  // Native or binary-backed packages stay outside the bundle.
  external: ['node-pty', 'esbuild', 'react-devtools-core'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const { runSuite } = await import(pathToFileURL(join(outdir, 'suite.js')).href);
process.exitCode = await runSuite(process.argv.slice(2), { root: process.cwd(), outdir });
