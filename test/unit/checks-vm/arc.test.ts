import { describe, expect, it } from 'vitest';
import {
  arcAllowsChanges,
  arcExtensionCommand,
  arcSshCommand,
  isArc,
  isArcDisconnected,
  isArcEntraUnsupported,
} from '../../../src/checks/arc';

const linux = { osType: 'Linux' as const, arc: { status: 'Connected' } };
const windows = { osType: 'Windows' as const, arc: { status: 'Connected' } };
const down = { osType: 'Linux' as const, arc: { status: 'Disconnected' } };
const vm = { osType: 'Windows' as const, arc: undefined };

describe('Arc rules', () => {
  it('lets changes happen only on connected Linux Arc machines (and on every Azure VM)', () => {
    expect([linux, windows, down, vm].map(arcAllowsChanges)).toEqual([true, false, false, true]);
    expect([linux, windows, down, vm].map(isArc)).toEqual([true, true, true, false]);
    expect(isArcDisconnected({ arc: { status: 'Expired' } })).toBe(true);
    expect(isArcEntraUnsupported(vm)).toBe(false);
  });

  it('names the Azure CLI commands for Arc', () => {
    const m = { name: 'arc-1', resourceGroup: 'rg-onprem', location: 'westeurope' };
    expect(arcSshCommand(m)).toBe('az ssh arc --resource-group rg-onprem --name arc-1');
    expect(
      arcExtensionCommand(m, {
        name: 'AADSSHLoginForLinux',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADSSHLoginForLinux',
        typeHandlerVersion: '1.0',
      }),
    ).toBe(
      'az connectedmachine extension create --machine-name arc-1 --resource-group rg-onprem --name AADSSHLoginForLinux --publisher Microsoft.Azure.ActiveDirectory --type AADSSHLoginForLinux --type-handler-version 1.0 --location westeurope',
    );
  });
});
