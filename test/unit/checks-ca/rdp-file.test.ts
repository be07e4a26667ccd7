import { describe, expect, it } from 'vitest';
import { connectionHint, renderRdpFile } from '../../../src/checks/rdp-file';
import { RG, windowsVm } from '../../steps/steps-4-6/fixtures';

describe('renderRdpFile', () => {
  it('web account: the device name and enablerdsaadauth, CRLF', () => {
    expect(
      renderRdpFile({
        vm: { name: 'vm-reporting-prod-weu-01', computerName: 'vm-reporting-pr' },
        method: 'rdp-web-account',
        upn: 'a@b.c',
      }),
    ).toBe('full address:s:vm-reporting-pr\r\nenablerdsaadauth:i:1\r\n');
  });

  it('password flow: AzureAD\\upn for registered clients', () => {
    expect(
      renderRdpFile({
        vm: { name: 'vm1' },
        hostname: 'vm1.contoso.internal',
        method: 'rdp-password',
        upn: 'alice@contoso.com',
      }),
    ).toBe(
      'full address:s:vm1.contoso.internal\r\nenablecredsspsupport:i:1\r\nusername:s:AzureAD\\alice@contoso.com\r\n',
    );
  });
});

describe('connectionHint', () => {
  it('Bastion native with --enable-mfa and az ssh', () => {
    const vm = windowsVm();
    const bastion = {
      id: `${RG.replace('rg1', 'rg-net')}/providers/Microsoft.Network/bastionHosts/bas1`,
      name: 'bas1',
      sku: 'Standard' as const,
      enableTunneling: true,
      vnetId: 'v',
    };
    expect(connectionHint(vm, 'bastion-native', bastion).command).toBe(
      `az network bastion rdp --name bas1 --resource-group rg-net --target-resource-id ${vm.id} --enable-mfa`,
    );
    expect(connectionHint(vm, 'ssh').command).toBe('az ssh vm -n vm1 -g rg1');
  });
});
