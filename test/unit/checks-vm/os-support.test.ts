import { describe, expect, it } from 'vitest';
import { assessOs, isWindowsClient, type OsInput } from '../../../src/checks/os-support';

type Row = [string, OsInput, 'supported' | 'unsupported' | 'unknown', string];

const win = (osName?: string, osVersion?: string, sku?: string, offer = 'WindowsServer'): OsInput => ({
  osType: 'Windows',
  osName,
  osVersion,
  image: sku ? { publisher: 'MicrosoftWindowsServer', offer, sku } : undefined,
});
const client = (offer: string, sku: string): OsInput => ({
  osType: 'Windows',
  image: { publisher: 'MicrosoftWindowsDesktop', offer, sku },
});
const linux = (osName?: string, osVersion?: string, image?: OsInput['image']): OsInput => ({
  osType: 'Linux',
  osName,
  osVersion,
  image,
});

const ROWS: Row[] = [
  [
    'Server 2016 (instance view)',
    win('Windows Server 2016 Datacenter', '10.0.14393'),
    'unsupported',
    'Windows Server 2016',
  ],
  ['Server 2016 (image only)', win(undefined, undefined, '2016-Datacenter'), 'unsupported', 'Windows Server 2016'],
  ['Server 2012 R2 (image)', win(undefined, undefined, '2012-R2-Datacenter'), 'unsupported', 'Windows Server 2012 R2'],
  ['Server 2019', win('Windows Server 2019 Datacenter', '10.0.17763'), 'supported', 'Windows Server 2019'],
  [
    'Server 2019 core sku',
    win('Windows Server 2019 Datacenter', '10.0.17763', '2019-datacenter-core'),
    'unsupported',
    'Windows Server 2019 Core',
  ],
  [
    'Server 2022 smalldisk core',
    win(undefined, undefined, '2022-datacenter-core-smalldisk'),
    'unsupported',
    'Windows Server 2022 Core',
  ],
  [
    'Server 2022 azure edition',
    win(undefined, undefined, '2022-datacenter-azure-edition'),
    'supported',
    'Windows Server 2022',
  ],
  [
    'Server 2022 smalldisk (not core)',
    win(undefined, undefined, '2022-datacenter-smalldisk'),
    'supported',
    'Windows Server 2022',
  ],
  ['Server 2025 by build only', win('Windows Server Datacenter', '10.0.26100'), 'supported', 'Windows Server 2025'],
  ['Windows 10 1803', win('Windows 10 Enterprise', '10.0.17134'), 'unsupported', 'Windows 10 (build 17134)'],
  ['Windows 10 1809', win('Windows 10 Enterprise', '10.0.17763'), 'supported', 'Windows 10 (build 17763)'],
  ['Windows 10 rs4 image', client('Windows-10', 'rs4-pro'), 'unsupported', 'Windows 10 rs4'],
  ['Windows 10 22h2 image', client('windows-10', 'win10-22h2-ent'), 'supported', 'Windows 10 22h2'],
  ['Windows 11', win('Windows 11 Enterprise', '10.0.22631'), 'supported', 'Windows 11 (build 22631)'],
  ['Windows 11 image', client('windows-11', 'win11-23h2-avd'), 'supported', 'Windows 11'],
  ['Ubuntu 22.04', linux('ubuntu', '22.04'), 'supported', 'Ubuntu 22.04'],
  ['Ubuntu 14.04', linux('ubuntu', '14.04'), 'unsupported', 'Ubuntu 14.04'],
  ['Ubuntu 25.04 newer than documented', linux('ubuntu', '25.04'), 'unknown', 'Ubuntu 25.04'],
  [
    'Ubuntu jammy image',
    linux(undefined, undefined, {
      publisher: 'Canonical',
      offer: '0001-com-ubuntu-server-jammy',
      sku: '22_04-lts-gen2',
    }),
    'supported',
    'Ubuntu 22.04',
  ],
  ['RHEL 9', linux('redhat', '9.4'), 'supported', 'RHEL 9.4'],
  ['RHEL 7.2', linux('redhat', '7.2'), 'unsupported', 'RHEL 7.2'],
  [
    'RHEL 8 image without minor',
    linux(undefined, undefined, { publisher: 'RedHat', offer: 'RHEL', sku: '8-lvm-gen2' }),
    'supported',
    'RHEL 8',
  ],
  ['Debian 12', linux('debian', '12'), 'supported', 'Debian 12'],
  [
    'SLES 15 SP5 image',
    linux(undefined, undefined, { publisher: 'SUSE', offer: 'sles-15-sp5', sku: 'gen2' }),
    'supported',
    'SLES 15.5',
  ],
  ['openSUSE Leap 15.0', linux('opensuse-leap', '15.0'), 'unsupported', 'openSUSE Leap 15.0'],
  [
    'AlmaLinux 9 image',
    linux(undefined, undefined, { publisher: 'almalinux', offer: 'almalinux-x86_64', sku: '9-gen2' }),
    'supported',
    'AlmaLinux 9',
  ],
  [
    'Oracle Linux 8.9 image',
    linux(undefined, undefined, { publisher: 'Oracle', offer: 'Oracle-Linux', sku: 'ol89-lvm-gen2' }),
    'supported',
    'Oracle Linux 8.9',
  ],
  ['Azure Linux 3', linux('azurelinux', '3.0'), 'supported', 'Azure Linux 3.0'],
  ['CentOS 7.9', linux('centos', '7.9.2009'), 'unsupported', 'CentOS 7.9'],
  ['unknown distro', linux('gentoo', '2.14'), 'unknown', 'unknown OS'],
  ['nothing known', { osType: 'Windows' }, 'unknown', 'unknown OS'],
];

describe('assessOs', () => {
  it.each(ROWS)('%s', (_name, input, status, label) => {
    const verdict = assessOs(input);
    expect(verdict.status).toBe(status);
    expect(verdict.label).toBe(label);
  });

  it('explains why a Server Core image is unsupported', () => {
    expect(assessOs(win(undefined, undefined, '2019-datacenter-core')).reason).toBe(
      'Server Core images lack the Desktop Experience that Entra sign-in needs',
    );
  });

  it('treats only Windows 10/11 as clients (Intune mdmId applies to them alone)', () => {
    expect(isWindowsClient(win('Windows 11 Enterprise', '10.0.22631'))).toBe(true);
    expect(isWindowsClient(win('Windows Server 2022 Datacenter', '10.0.20348'))).toBe(false);
    expect(isWindowsClient(linux('ubuntu', '22.04'))).toBe(false);
  });
});

describe('assessOs remembers verdicts by the facts that decide them', () => {
  it('gives the same frozen verdict for the same facts, and its own for facts that differ anywhere', () => {
    const first = assessOs(win('Windows Server 2022 Datacenter', '10.0.20348'));
    expect(assessOs(win('Windows Server 2022 Datacenter', '10.0.20348'))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(assessOs(win('Windows Server 2016 Datacenter', '10.0.14393')).status).toBe('unsupported');
    expect(assessOs(win(undefined, undefined, '2016-datacenter')).status).toBe('unsupported');
    expect(assessOs(win(undefined, undefined, '2022-datacenter')).status).toBe('supported');
  });

  it('keeps a verdict for facts with separators in them apart from the facts they resemble', () => {
    const odd = assessOs(linux('ubuntu\u0000', '22.04"]'));
    expect(assessOs(linux('ubuntu', '22.04'))).not.toBe(odd);
    expect(assessOs(linux('ubuntu', '22.04')).label).toBe('Ubuntu 22.04');
    expect(assessOs(linux('centos', '7.9')).status).toBe('unsupported');
  });
});
