import { describe, expect, it } from 'vitest';
import { answersFromOptions } from '../../src/commands/answers-from-options';
import { UserError } from '../../src/errors';
import type { GlobalOptions } from '../../src/workflows/io';

const globals: GlobalOptions = { demo: false, subscription: ['s1'], deviceCode: false, color: false };

describe('answersFromOptions', () => {
  it('maps flags to answers with the documented defaults', () => {
    const a = answersFromOptions({ vm: ['rg/vm1'], admin: ['alice@contoso.com'] }, globals);
    expect(a).toMatchObject({
      subscriptions: ['s1'],
      vms: ['rg/vm1'],
      admins: ['alice@contoso.com'],
      users: [],
      scope: 'vm',
      connections: ['rdp-web-account'],
      ca: 'mfa',
      caState: 'report-only',
      breakGlassOk: false,
      disablePerUserMfa: true,
      disableSecurityDefaults: false,
    });
  });

  it('reads --no-break-glass-ok (commander sets breakGlassOk=false) as the acknowledgement', () => {
    const a = answersFromOptions({ caState: 'on', breakGlassOk: false }, globals);
    expect(a.caState).toBe('on');
    expect(a.breakGlassOk).toBe(true);
  });

  it('accepts on with an exclusion and no acknowledgement', () => {
    expect(answersFromOptions({ caState: 'on', exclude: ['bg@contoso.com'] }, globals).exclude).toEqual([
      'bg@contoso.com',
    ]);
  });

  it('refuses on without an exclusion or acknowledgement', () => {
    expect(() => answersFromOptions({ caState: 'on' }, globals)).toThrow(UserError);
  });

  it('de-duplicates connection methods and maps the negative flags', () => {
    const a = answersFromOptions(
      { connection: ['ssh', 'ssh', 'rdp-password'], keepPerUserMfa: true, disableSecurityDefaults: true },
      globals,
    );
    expect(a.connections).toEqual(['ssh', 'rdp-password']);
    expect(a.disablePerUserMfa).toBe(false);
    expect(a.disableSecurityDefaults).toBe(true);
  });

  it.each([
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines', 'is not a VM resource id'],
    ['/providers/Microsoft.Management/managementGroups/mg', 'management group'],
  ])('refuses %s', (vm, message) => {
    expect(() => answersFromOptions({ vm: [vm] }, globals)).toThrow(message);
  });
});
