/**
 * The simulated tenant's acceptance: `entra-vm-login emulator` serves, and a script that uses only the Azure
 * SDK clients (scripts/sdk-smoke.mjs, no product code) lists the demo VMs through paging and installs an
 * extension to completion.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';

let server: ChildProcess;
const env: Record<string, string> = {};

beforeAll(async () => {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: npm test builds it first (pretest)');
  server = spawn(
    process.execPath,
    ['dist/cli.js', 'emulator', '--scenario', 'demo', '--page-size', '4', '--install-ms', '50'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  server.stdout?.setEncoding('utf8');
  for await (const chunk of server.stdout as AsyncIterable<string>) {
    out += chunk;
    if (out.includes('ENTRA_VM_LOGIN_CA_FILE=')) break;
  }
  for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1');
});

afterAll(async () => {
  if (server.exitCode === null) {
    server.kill('SIGINT');
    await once(server, 'exit');
  }
});

it('lists the demo VMs over several pages and installs an extension with only the SDK clients', async () => {
  expect(Object.keys(env).sort()).toEqual([
    'ENTRA_VM_LOGIN_ARM_ENDPOINT',
    'ENTRA_VM_LOGIN_CA_FILE',
    'ENTRA_VM_LOGIN_GRAPH_ENDPOINT',
    'ENTRA_VM_LOGIN_TOKEN',
  ]);
  const child = spawn(process.execPath, ['scripts/sdk-smoke.mjs'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  const [code] = await once(child, 'exit');
  expect(stdout).toContain('# 13 VMs');
  // The production subscription holds 12 of them: 3 pages of 4.
  expect(stdout).toMatch(/: 3 page\(s\)/);
  expect(stdout).toMatch(/# \S+: AADLoginForWindows Succeeded/);
  expect(code).toBe(0);
});
