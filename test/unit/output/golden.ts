import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

const GOLDEN_DIR = join(import.meta.dirname, '..', '..', 'golden');

/**
 * Compares `actual` with test/golden/<name>; `UPDATE_GOLDEN=1` rewrites the file instead. A missing golden
 * file fails (it is never created silently).
 */
export async function expectGolden(name: string, actual: string): Promise<void> {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = await readFile(path, 'utf8');
  } catch {
    throw new Error(`golden file ${path} is missing: run with UPDATE_GOLDEN=1 to create it, then review it`);
  }
  expect(actual).toBe(expected);
}
