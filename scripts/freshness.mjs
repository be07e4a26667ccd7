// Whether the bundle in dist/ is older than what it is built from: `npm start` rebuilds only then, so a second
// start pays nothing for the build (the first frame in under a second instead of ten).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the bundle is built from, relative to the repository root. */
export const BUILD_INPUTS = ['src', 'steps', 'screens', 'package.json', 'package-lock.json', 'scripts/build.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `output` is missing or any input changed after it was written. */
export function needsBuild(root, output = 'dist/cli.js', inputs = BUILD_INPUTS) {
  const out = join(root, output);
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return inputs.some((input) => newestMtime(join(root, input)) > built);
}
