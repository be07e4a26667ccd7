import { describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { captureIO } from './io';

async function run(args: string[], options: Parameters<typeof captureIO>[0] = {}) {
  const io = captureIO(options);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('command line', () => {
  it('prints usage with examples for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: entra-vm-login [options] [command]');
    expect(r.out).toContain('Examples:');
    for (const cmd of ['plan', 'apply', 'doctor', 'enforce', 'emulator'])
      expect(r.out).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it.each(['plan', 'apply', 'doctor', 'enforce', 'emulator'])(
    'prints usage with examples for %s --help',
    async (cmd) => {
      const r = await run([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: entra-vm-login ${cmd}`);
      expect(r.out).toContain('Examples:');
    },
  );

  it('shows the global options (--cloud) in plan --help', async () => {
    const r = await run(['plan', '--help']);
    expect(r.out).toMatch(/--cloud <name>/);
    expect(r.out).toMatch(/--subscription <id>/);
  });

  it('asks for --all or a selector instead of planning every VM', async () => {
    const r = await run(['plan', '--user', 'bob@contoso.com']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(
      'error: plan needs to know which VMs: name them with --vm, --resource-group or --tag, or pass --all for every VM.',
    );
  });

  it('names an unknown flag in one line and exits 2', async () => {
    const r = await run(['plan', '--vms-typo', 'x']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("unknown option '--vms-typo'");
    expect(r.err).toContain('--help');
  });

  it('names an option missing its value and exits 2', async () => {
    const r = await run(['plan', '--vm']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("'--vm <selector>' argument missing");
  });

  it('rejects a malformed GUID with the expected form', async () => {
    const r = await run(['--tenant', 'not-a-guid', 'plan']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("'not-a-guid' is not a GUID");
  });

  it('rejects a value outside an enumeration', async () => {
    const r = await run(['plan', '--ca', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("'sometimes' is not one of mfa, phishing-resistant, passwordless, none");
  });

  it('rejects --json with --markdown', async () => {
    const r = await run(['plan', '--json', '--markdown']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("'--json' cannot be used with option '--markdown'");
  });

  it('refuses to turn a policy on with no break-glass exclusion unless acknowledged', async () => {
    const r = await run(['plan', '--ca-state', 'on']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('break-glass');
    expect(r.err).toContain('--no-break-glass-ok');
  });

  it('refuses a management-group id where a VM is expected', async () => {
    const r = await run(['plan', '--vm', '/providers/Microsoft.Management/managementGroups/mg1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('management group');
  });

  it('says to use plan/apply when the wizard has no terminal', async () => {
    const r = await run([], { tty: false });
    expect(r.code).toBe(2);
    expect(r.err).toContain('plan');
    expect(r.err).toContain('apply');
  });

  it('names an unknown command', async () => {
    const r = await run(['plna']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'plna' (did you mean plan?)");
  });

  it('refuses apply without --yes when there is no terminal, before touching the network', async () => {
    const r = await run(['apply', 'does-not-exist.json']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')[0]).toMatch(/^error: /);
  });
});
