/** Words an admin copies: the network test in the VM's own shell, the Bastion link in the VM's own cloud. */
import { describe, expect, it } from 'vitest';
import { connectionHint } from '../../../src/checks/rdp-file';
import { reachabilityCommand } from '../../../steps/identity-extension/rules';
import { vm } from '../../steps/steps-1-3/fixtures';

describe('the network test suggested for a VM', () => {
  it('is PowerShell Test-NetConnection for a Windows VM, never a bash curl loop', () => {
    const line = reachabilityCommand('AzureCloud', 'tenant-1', vm('vm-web-01', { osType: 'Windows' }));
    expect(line).toContain('Test-NetConnection $_ -Port 443');
    expect(line).toContain("'login.microsoftonline.com'");
    expect(line).not.toMatch(/curl|for u in/);
  });

  it('stays a curl loop for a Linux VM', () => {
    const line = reachabilityCommand('AzureCloud', '', vm('vm-lnx-01', { osType: 'Linux' }));
    expect(line).toMatch(/^for u in https:\/\/login\.microsoftonline\.com\//);
  });
});

describe('the Bastion portal link', () => {
  it.each([
    ['AzureCloud', 'https://portal.azure.com/'],
    ['AzureUSGovernment', 'https://portal.azure.us/'],
    ['AzureChinaCloud', 'https://portal.azure.cn/'],
  ] as const)('opens the %s portal', (cloud, host) => {
    expect(connectionHint(vm('vm-web-01'), 'bastion-portal', undefined, cloud).command.startsWith(host)).toBe(true);
  });
});
