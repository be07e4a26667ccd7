/** `npm start` rebuilds only when a source changed after the bundle was written. */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsBuild } from '../../../scripts/freshness.mjs';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'evl-fresh-'));
  for (const dir of ['src/commands', 'steps', 'screens', 'dist']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'src/commands/plan.ts'), 'x');
  writeFileSync(join(root, 'package.json'), '{}');
  return root;
}

const at = (root: string, path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

describe('needsBuild', () => {
  it('builds when there is no bundle', () => {
    expect(needsBuild(tree())).toBe(true);
  });

  it('uses a bundle newer than every source, and rebuilds after a source changes', () => {
    const root = tree();
    for (const p of ['src/commands/plan.ts', 'src/commands', 'src', 'steps', 'screens', 'package.json'])
      at(root, p, 1000);
    writeFileSync(join(root, 'dist/cli.js'), 'bundle');
    at(root, 'dist/cli.js', 2000);
    expect(needsBuild(root)).toBe(false);
    at(root, 'src/commands/plan.ts', 3000);
    expect(needsBuild(root)).toBe(true);
  });
});
