import { describe, expect, it } from 'vitest';
import { checkComputerName, describeComputerNameProblem } from '../../../src/checks/computer-name';

describe('checkComputerName', () => {
  it('accepts a Windows computer name equal to the VM name ignoring case', () => {
    expect(checkComputerName({ name: 'vm-web-01', computerName: 'VM-WEB-01', osType: 'Windows' })).toBeUndefined();
  });

  it('flags a differing computer name', () => {
    const p = checkComputerName({ name: 'vm-web-01', computerName: 'webhost', osType: 'Windows' });
    expect(p).toEqual({ kind: 'differs', computerName: 'webhost', vmName: 'vm-web-01' });
    expect(describeComputerNameProblem(p!)).toContain('AADSTS293004');
  });

  it('flags a computer name longer than 15 characters', () => {
    expect(
      checkComputerName({ name: 'vm-finance-reporting', computerName: 'vm-finance-reporting', osType: 'Windows' }),
    ).toEqual({
      kind: 'too-long',
      computerName: 'vm-finance-reporting',
    });
  });

  it('flags a long VM name when the computer name is unknown', () => {
    expect(checkComputerName({ name: 'vm-finance-reporting', osType: 'Windows' })?.kind).toBe('vm-name-too-long');
    expect(checkComputerName({ name: 'vm-short', osType: 'Windows' })).toBeUndefined();
  });

  it('leaves Linux VMs alone (they do not join as devices)', () => {
    expect(checkComputerName({ name: 'vm-linux-01', computerName: 'other-host', osType: 'Linux' })).toBeUndefined();
  });
});
