/**
 * Bad input corpus (issue #8.5): every case gets one `error: …` line naming the problem and at most one hint
 * line, the documented exit code, no stack trace, and no write to the tenant. Most run in-process through
 * `main()`; a handful run through the built binary to cover the process edge.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { computeDigest, journalPathFor } from '../../src/plan/plan-file';
import { captureIO } from '../cli/io';
import { childEnv, emuEnv, ensureBuilt, runCli, tempDir } from './harness';

let emu: RunningEmulator;
let dir: string;
/** Files the cases refer to, by name. */
const F: Record<string, string> = {};
const OTHER_TENANT = '3f0c2b8e-9d1a-4c57-8e2f-6a7b1c0d9e4f';
const UNKNOWN_GUID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({ extensionInstallMs: 10 });
  dir = await tempDir('bad');
  const put = async (name: string, content: string | Buffer) => {
    F[name] = join(dir, name);
    await writeFile(F[name]!, content);
  };
  F.plan = join(dir, 'plan.json');
  const io = captureIO({ env: emuEnv(emu) });
  expect(await main(['plan', '--vm', 'vm-web-01', '--user', DEMO.users.bob.upn, '--out', F.plan], io), io.err()).toBe(
    0,
  );
  const text = await readFile(F.plan, 'utf8');
  const plan = JSON.parse(text) as Record<string, unknown>;
  await put('empty.json', '');
  await put('binary.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
  await put('noise.json', Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 137 + 91) % 256)));
  await put('truncated.json', text.slice(0, Math.floor(text.length / 2)));
  await put('not-a-plan.json', '{"hello": "world"}');
  await put('array.json', '[1, 2, 3]');
  await put('version-2.json', JSON.stringify({ ...plan, version: 2 }));
  const { digest: _d, ...rest } = plan;
  const foreign = { ...rest, tenantId: OTHER_TENANT };
  await put('other-tenant.json', JSON.stringify({ ...foreign, digest: computeDigest(foreign) }));
  await put('dsregcmd.txt', 'Microsoft Windows [Version 10.0.22631.4460]\r\nThis is not dsregcmd output.\r\n');
  // A plan whose journal belongs to another plan (the plan file was replaced next to an old journal).
  const replaced = join(dir, 'replaced');
  await mkdir(replaced);
  F['replaced.json'] = join(replaced, 'plan.json');
  await writeFile(F['replaced.json'], text);
  await writeFile(
    journalPathFor(F['replaced.json']),
    `${JSON.stringify({ ts: new Date().toISOString(), planDigest: `sha256:${'1'.repeat(64)}`, actionId: 'a1', kind: 'assign-role', event: 'started' })}\n`,
  );
  emu.log.reset();
}, 30_000);

afterAll(async () => {
  await emu?.close();
});

interface Case {
  name: string;
  argv: () => string[];
  /** Replaces or removes (undefined) variables of the emulator's environment. */
  env?: Record<string, string | undefined>;
  tty?: boolean;
  code?: number;
  /** What the error line must name. */
  error: RegExp;
}

const plan = (...more: string[]) => ['plan', '--vm', 'vm-web-01', ...more];
const WEB_ID = DEMO.vms.ready;
const SUB = DEMO.subscriptions.prod;

const CASES: Case[] = [
  // Malformed values, caught while parsing.
  { name: 'malformed tenant GUID', argv: () => ['--tenant', 'contoso', ...plan()], error: /--tenant.*contoso/ },
  { name: 'malformed subscription GUID', argv: () => ['--subscription', '1234', ...plan()], error: /--subscription/ },
  { name: 'malformed client id', argv: () => ['--client-id', 'x-y-z', ...plan()], error: /--client-id/ },
  { name: 'malformed CA policy GUID', argv: () => plan('--ca-policy', 'not-a-guid'), error: /--ca-policy/ },
  { name: 'unknown CA strength', argv: () => plan('--ca', 'strong'), error: /--ca .*strong/ },
  { name: 'unknown CA state', argv: () => plan('--ca-state', 'enabled'), error: /--ca-state/ },
  { name: 'management-group scope flag', argv: () => plan('--scope', 'management-group'), error: /--scope/ },
  { name: 'unknown connection method', argv: () => plan('--connection', 'telnet'), error: /--connection.*telnet/ },
  { name: 'unknown cloud', argv: () => ['--cloud', 'Mars', ...plan()], error: /--cloud.*Mars/ },
  { name: 'malformed tag filter', argv: () => ['plan', '--tag', 'env'], error: /--tag.*env/ },
  { name: 'conflicting --json and --markdown', argv: () => plan('--json', '--markdown'), error: /--json.*--markdown/ },
  { name: 'option without its value', argv: () => ['plan', '--vm'], error: /--vm/ },
  { name: 'unknown option', argv: () => plan('--frobnicate'), error: /--frobnicate/ },
  { name: 'unknown command', argv: () => ['plna'], error: /unknown command 'plna'.*plan/ },
  { name: 'apply without a file', argv: () => ['apply'], error: /plan-file/ },
  { name: 'apply with parallelism 0', argv: () => ['apply', F.plan!, '--parallelism', '0'], error: /--parallelism/ },
  { name: 'doctor without --user', argv: () => ['doctor', '--vm', 'vm-web-01'], error: /--user/ },
  {
    name: 'doctor with two VMs',
    argv: () => ['doctor', '--vm', 'vm-web-01', '--vm', 'vm-app-02', '--user', DEMO.users.bob.upn],
    error: /--vm is given once/,
  },
  { name: 'malformed Windows build', argv: () => plan('--client-build', 'abc'), error: /'abc' is not a Windows build/ },
  // Names the tenant does not know, or ids that are not what they claim.
  { name: 'unknown VM', argv: () => plan().concat('--vm', 'vm-nope'), error: /no VM named 'vm-nope'/ },
  {
    name: 'malformed VM resource id',
    argv: () => ['plan', '--vm', `/subscriptions/${SUB}/resourceGroups`],
    error: /is not a VM resource id/,
  },
  {
    name: 'well-formed id of a VM that does not exist',
    argv: () => ['plan', '--vm', WEB_ID.replace('vm-web-01', 'vm-gone')],
    error: /no VM with id '.*vm-gone'/,
  },
  {
    name: 'management-group id as a VM',
    argv: () => ['plan', '--vm', '/providers/Microsoft.Management/managementGroups/mg-root'],
    error: /is a management group/,
  },
  {
    name: 'unknown resource group',
    argv: () => ['plan', '--resource-group', 'rg-nope'],
    error: /no resource group 'rg-nope'/,
  },
  { name: 'invisible subscription', argv: () => ['--subscription', UNKNOWN_GUID, ...plan()], error: /not visible/ },
  { name: 'another tenant than signed in', argv: () => ['--tenant', OTHER_TENANT, ...plan()], error: /not 3f0c2b8e/ },
  { name: 'unknown UPN', argv: () => plan('--user', 'nobody@contoso.com'), error: /'nobody@contoso\.com'/ },
  { name: 'malformed UPN', argv: () => plan('--admin', 'not a upn!'), error: /'not a upn!'/ },
  { name: 'unknown object id', argv: () => plan('--user', UNKNOWN_GUID), error: new RegExp(UNKNOWN_GUID) },
  { name: 'unknown break-glass exclusion', argv: () => plan('--exclude', 'ghost@contoso.com'), error: /ghost@contoso/ },
  {
    name: 'group where doctor needs a user',
    argv: () => ['doctor', '--vm', 'vm-web-01', '--user', DEMO.groups.vmUsers.name],
    error: /vm-users is a group, not a user/,
  },
  {
    name: 'unknown CA policy id',
    argv: () => plan('--user', DEMO.users.bob.upn, '--ca-policy', UNKNOWN_GUID),
    error: /Conditional Access policy 0f1e2d3c.* was not found/,
  },
  {
    name: 'policy on without break-glass',
    argv: () => plan('--user', DEMO.users.bob.upn, '--ca-state', 'on', '--disable-security-defaults'),
    error: /break-glass/,
  },
  // Files.
  { name: 'dsregcmd file missing', argv: () => plan('--dsregcmd', join(dir, 'nope.txt')), error: /nope\.txt.*ENOENT/ },
  {
    name: 'a file that is not dsregcmd output',
    argv: () => plan('--dsregcmd', F['dsregcmd.txt']!),
    error: /not the output of dsregcmd/,
  },
  {
    name: 'plan --out in a missing directory',
    argv: () => plan('--out', join(dir, 'no', 'p.json')),
    error: /cannot write the plan file/,
  },
  { name: 'plan file missing', argv: () => ['apply', join(dir, 'nope.json'), '--yes'], error: /does not exist/ },
  { name: 'empty plan file', argv: () => ['apply', F['empty.json']!, '--yes'], error: /is empty/ },
  { name: 'binary plan file', argv: () => ['apply', F['binary.json']!, '--yes'], error: /binary/ },
  { name: 'truncated plan file', argv: () => ['apply', F['truncated.json']!, '--yes'], error: /truncated/ },
  { name: 'JSON that is not a plan', argv: () => ['apply', F['not-a-plan.json']!, '--yes'], error: /not a plan file/ },
  { name: 'JSON array as a plan', argv: () => ['apply', F['array.json']!, '--yes'], error: /not a plan file/ },
  { name: 'plan of a future version', argv: () => ['apply', F['version-2.json']!, '--yes'], error: /version/ },
  {
    name: 'plan from another tenant',
    argv: () => ['apply', F['other-tenant.json']!, '--yes'],
    error: /made for tenant 3f0c2b8e/,
  },
  {
    name: 'journal of another plan next to the plan',
    argv: () => ['apply', F['replaced.json']!, '--yes'],
    error: /belongs to another plan/,
  },
  // Environment and terminal.
  { name: 'apply with no terminal to confirm on', argv: () => ['apply', F.plan!], error: /no terminal/ },
  { name: 'wizard with no terminal', argv: () => [], error: /interactive terminal/ },
  {
    name: 'custom endpoint without a token',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_TOKEN: undefined },
    error: /ENTRA_VM_LOGIN_ARM_ENDPOINT points at this machine but ENTRA_VM_LOGIN_TOKEN is not set/,
  },
  {
    name: 'http endpoint on a non-loopback host',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_ARM_ENDPOINT: 'http://arm.example.com' },
    error: /plain http .*arm\.example\.com/,
  },
  {
    name: 'endpoint that is not a URL',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_GRAPH_ENDPOINT: 'graph' },
    error: /not a URL/,
  },
  {
    name: 'CA file missing',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_CA_FILE: '/nonexistent-entra-vm-login/ca.pem' },
    error: /CA file/,
  },
  {
    name: 'untrusted certificate',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_CA_FILE: undefined },
    error: /certificate is not trusted/,
  },
  {
    name: 'malformed token (401)',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_TOKEN: 'not-a-token' },
    error: /sign-in was rejected/,
  },
  {
    name: 'expired token (401)',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_TOKEN: 'eyJhbGciOiJub25lIn0.eyJleHAiOjEwMDAwMDAwMDB9.ZXhwaXJlZA' },
    error: /sign-in was rejected/,
  },
  {
    name: 'an extra binary plan file made of random bytes',
    argv: () => ['apply', F['noise.json']!, '--yes'],
    error: /binary/,
  },
  { name: 'malformed poll interval', argv: () => plan(), env: { ENTRA_VM_LOGIN_POLL_MS: 'soon' }, error: /POLL_MS/ },
];

function envFor(c: Case): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...emuEnv(emu) };
  for (const [k, v] of Object.entries(c.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** The shape every refusal has: one error line, at most one hint, nothing else, no stack. */
function assertOneLine(stderr: string, error: RegExp): void {
  const lines = stderr
    .split('\n')
    .filter((l) => l !== '')
    // Progress lines written before the problem was found are not part of the error.
    .filter((l) => !/^(Reading|Resolving|Using|Phase \d of \d:) /.test(l));
  expect(lines[0], stderr).toMatch(/^error: /);
  expect(lines[0], stderr).toMatch(error);
  expect(lines[0]).not.toMatch(/this is a bug/);
  expect(lines.length, stderr).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^ {2}\S/);
  expect(stderr).not.toMatch(/\n\s+at |Error: |\[object /);
  // Nothing outside printable text: no binary echoed into the terminal.
  expect(stderr).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/);
}

describe('bad input corpus', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    console.info(`[reliability] bad inputs tried: ${CASES.length} in-process + ${BINARY.length} through the binary`);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const before = emu.log.writes();
      const io = captureIO({ env: envFor(c), tty: c.tty });
      const code = await main(c.argv(), io);
      expect(code, io.err()).toBe(c.code ?? 2);
      assertOneLine(io.err(), c.error);
      expect(emu.log.writes()).toBe(before);
    });
  }

  it('a tenant where every write is answered 403 fails the actions (exit 1) and changes nothing', async () => {
    const e = await startEmulator({ extensionInstallMs: 10 });
    try {
      const path = join(dir, 'denied.json');
      const io = captureIO({ env: emuEnv(e) });
      const argv = ['plan', '--vm', 'vm-app-02', '--user', DEMO.users.carol.upn, '--ca', 'mfa'];
      expect(await main([...argv, '--disable-security-defaults', '--out', path], io), io.err()).toBe(0);
      const before = JSON.stringify(e.state.roleAssignments) + e.state.securityDefaultsEnabled;
      e.state.caller.deniedActions.push(
        'Microsoft.Compute/virtualMachines/write',
        'Microsoft.Compute/virtualMachines/extensions/write',
        'Microsoft.Authorization/roleAssignments/write',
      );
      e.state.caller.deniedGraphWrites.push('conditionalAccess', 'servicePrincipals', 'securityDefaults', 'perUserMfa');
      const applyIO = captureIO({ env: emuEnv(e) });
      expect(await main(['apply', path, '--yes'], applyIO), applyIO.err()).toBe(1);
      expect(applyIO.err()).not.toMatch(/\n\s+at |this is a bug/);
      expect(JSON.stringify(e.state.roleAssignments) + e.state.securityDefaultsEnabled).toBe(before);
      expect(e.log.requests().filter((r) => r.isWrite && r.status < 400)).toEqual([]);
    } finally {
      await e.close();
    }
  });
});

const BINARY: Case[] = [
  { name: 'unknown VM', argv: () => plan().concat('--vm', 'vm-nope'), error: /no VM named 'vm-nope'/ },
  { name: 'binary plan file', argv: () => ['apply', F['binary.json']!, '--yes'], error: /binary/ },
  { name: 'wizard with no terminal', argv: () => [], error: /interactive terminal/ },
  {
    name: 'custom endpoint without a token',
    argv: () => plan(),
    env: { ENTRA_VM_LOGIN_TOKEN: undefined },
    error: /ENTRA_VM_LOGIN_TOKEN is not set/,
  },
  { name: 'malformed token (401)', argv: () => plan(), env: { ENTRA_VM_LOGIN_TOKEN: 'garbage' }, error: /rejected/ },
];

describe('bad input through the built binary', () => {
  for (const c of BINARY) {
    it(c.name, async () => {
      const before = emu.log.writes();
      const r = await runCli(c.argv(), childEnv(envFor(c) as Record<string, string>), dir);
      expect(r.code, r.stderr).toBe(c.code ?? 2);
      assertOneLine(r.stderr, c.error);
      expect(r.stdout).toBe('');
      expect(emu.log.writes()).toBe(before);
    });
  }
});
