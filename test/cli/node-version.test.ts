/**
 * Under a Node older than 22 the built CLI says in one line that Node 22 is needed (exit 2), instead of failing
 * to link its imports with a SyntaxError. Runs with an older `node` found on the machine (/usr/bin/node here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt } from '../reliability/harness';

function olderNode(): string | undefined {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node', '/usr/bin/nodejs']) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
    if (Number(version.replace(/^v/, '').split('.')[0]) < 22) return path;
  }
  return undefined;
}

const OLD = olderNode();

describe('the Node version', () => {
  beforeAll(() => ensureBuilt());

  it.skipIf(!OLD)('is named in one line under an older Node, exit 2', () => {
    const r = spawnSync(OLD!, [CLI, '--demo', 'plan', '--all'], { encoding: 'utf8', env: { PATH: '' } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: entra-vm-login needs Node\.js 22 or later; this is Node\.js 2\d\./);
  });
});
