/**
 * What the bundle carries. Every chunk the wizard imports before its first frame is parsed on every start, so
 * a dependency that drags in code the CLI never runs costs the first-frame and peak-RSS budgets of
 * `npm run bench`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../e2e/processes';

function bundledSources(): string[] {
  ensureBuilt();
  const dir = join(ROOT, 'dist', 'chunks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js.map'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { sources: string[] }).sources);
}

describe('the bundle', () => {
  it('holds zod with its English messages only', () => {
    // `import { z } from 'zod'` makes esbuild build zod's whole namespace object, `z.locales` with it: some
    // fifty locales, three quarters of the zod chunk, loaded at start-up. `import * as z` lets it keep only
    // what is used.
    const sources = bundledSources();
    const locales = sources.filter((s) => s.includes('node_modules/zod/') && s.includes('/locales/'));
    expect(sources.some((s) => s.includes('node_modules/zod/'))).toBe(true);
    expect(locales.map((s) => s.replace(/.*\/locales\//, ''))).toEqual(['en.js']);
  });
});
