import { describe, expect, it } from 'vitest';
import { explainExtensionFailure } from '../../../src/checks/extension-errors';
import type { InstanceStatus } from '../../../src/plan/snapshot';

const endpoints = [
  'https://enterpriseregistration.windows.net',
  'https://login.microsoftonline.com',
  'https://pas.windows.net',
];
const failed = (code: string, message: string): InstanceStatus => ({
  code,
  level: 'Error',
  displayStatus: 'Provisioning failed',
  message,
});

describe('explainExtensionFailure', () => {
  it('recognises 1007 from the LRO failure message', () => {
    const e = explainExtensionFailure(
      {
        statuses: [
          failed(
            'ProvisioningState/failed/-2145648574',
            "Handler 'Microsoft.Azure.ActiveDirectory.AADLoginForWindows' has reported failure for VM Extension 'AADLoginForWindows' with terminal error code '1007' and error message: 'Install failed for plugin (name: Microsoft.Azure.ActiveDirectory.AADLoginForWindows, version 2.2.0.0) with exception Command C:\\Packages\\Plugins\\Microsoft.Azure.ActiveDirectory.AADLoginForWindows\\2.2.0.0\\AADLoginForWindowsHandler.exe of Microsoft.Azure.ActiveDirectory.AADLoginForWindows has exited with Exit code: -2145648574'",
          ),
        ],
      },
      { endpoints },
    );
    expect(e.code).toBe('1007');
    expect(e.fix).toBe('enable the VM’s system-assigned managed identity, then reinstall the extension');
    expect(e.detail?.startsWith("Handler 'Microsoft.Azure.ActiveDirectory.AADLoginForWindows'")).toBe(true);
  });

  it('recognises 1007 from the exit code alone', () => {
    const e = explainExtensionFailure(
      { statuses: [failed('ProvisioningState/failed/-2145648574', '')] },
      { endpoints },
    );
    expect(e.code).toBe('1007');
  });

  it('recognises -2145648607 and lists the cloud endpoints', () => {
    const e = explainExtensionFailure(
      {
        statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', message: 'ok' }],
        substatuses: [failed('ComponentStatus/AADJ/failed', 'DSREG_AUTOJOIN_DISC_FAILED. Exit code: -2145648607')],
      },
      { endpoints },
    );
    expect(e.code).toBe('-2145648607');
    expect(e.fix).toBe(
      'check DNS, NSG rules, firewalls and proxies so the VM reaches https://enterpriseregistration.windows.net, https://login.microsoftonline.com, https://pas.windows.net on port 443, then reinstall the extension',
    );
  });

  it('recognises exit code 51 (unsupported OS) but not 510', () => {
    expect(
      explainExtensionFailure({ statuses: [failed('ProvisioningState/failed/51', 'Exit code: 51')] }, { endpoints })
        .code,
    ).toBe('51');
    expect(
      explainExtensionFailure({ statuses: [failed('ProvisioningState/failed/510', 'Exit code: 510')] }, { endpoints })
        .code,
    ).toBe('unknown');
  });

  it('recognises a duplicate device', () => {
    const e = explainExtensionFailure(
      {
        statuses: [
          failed('ProvisioningState/failed/-2145647614', 'AADSTS: Device name already exists in the directory.'),
        ],
      },
      { endpoints },
    );
    expect(e.code).toBe('duplicate-device');
  });

  it('falls back to the service message and the Linux log location', () => {
    const e = explainExtensionFailure(
      { statuses: [failed('ProvisioningState/failed/1', 'packages.microsoft.com returned 403')] },
      { endpoints, type: 'AADSSHLoginForLinux' },
    );
    expect(e).toEqual({
      code: 'unknown',
      meaning: 'the extension failed: packages.microsoft.com returned 403',
      fix: 'read the extension logs in /var/log/azure/Microsoft.Azure.ActiveDirectory.AADSSHLoginForLinux/ on the VM, fix the cause, then reinstall the extension',
      detail: 'packages.microsoft.com returned 403',
    });
  });
});
