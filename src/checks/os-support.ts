/**
 * Which guest operating systems support Microsoft Entra sign-in (docs/reference/azure-facts.md §5.1). Pure.
 *
 * Windows (entra-docs `howto-vm-sign-in-azure-ad-windows.md`): Windows Server 2019 and later **with Desktop
 * Experience** (Server Core images fail), Windows 10 1809 (build 17763) and later, Windows 11. Server 2016 and
 * older fail with exit code 50/51.
 *
 * Linux (entra-docs `docs/identity/devices/howto-vm-sign-in-azure-ad-linux.md`, ms.date 2025-03-07, table
 * "Supported Linux distributions and Azure regions"): AlmaLinux 8, 9; Azure Linux (CBL-Mariner 2.0, Azure
 * Linux 3.0); Debian 9–12; openSUSE Leap 42.3, 15.1+; Oracle Linux 8, 9; RHEL 7.4–7.9, 8.3+, 9.0+; Rocky 8, 9;
 * SLES 12, 15.1+; Ubuntu 16.04–24.04. Earlier versions of that page listed CentOS 7 and 8; the current one no
 * longer does (both are end of life), so CentOS counts as unsupported.
 *
 * Invariant: `unsupported` is only claimed when the OS is positively identified as one that is not in these
 * lists (or is older than a list's minimum). A release newer than the documented ones, or an OS nothing can be
 * told about, is `unknown`: the tool does not block a VM on a guess.
 */
import type { VmFacts } from '../plan/snapshot';

export type OsFamily = 'windows-server' | 'windows-client' | 'linux';

export interface OsVerdict {
  status: 'supported' | 'unsupported' | 'unknown';
  family?: OsFamily;
  /** What the OS was identified as, e.g. `Windows Server 2016`, `Ubuntu 22.04`, or `unknown OS`. */
  label: string;
  /** One sentence: why this verdict. */
  reason: string;
}

export type OsInput = Pick<VmFacts, 'osType' | 'osName' | 'osVersion' | 'image'>;

const WIN_SERVER_BUILDS: [number, string][] = [
  [26100, '2025'],
  [20348, '2022'],
  [17763, '2019'],
  [14393, '2016'],
  [9600, '2012 R2'],
  [9200, '2012'],
];

/** Windows build number from `10.0.20348` / `10.0.20348.2227` / `6.3.9600`. */
function windowsBuild(version: string | undefined): number | undefined {
  const m = /^\d+\.\d+\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

function isCoreSku(sku: string | undefined): boolean {
  return /(^|[-_])core([-_]|$)/i.test(sku ?? '');
}

function windowsServer(year: string | undefined, core: boolean): OsVerdict {
  const label = `Windows Server ${year ?? ''}`.trim() + (core ? ' Core' : '');
  if (!year)
    return { status: 'unknown', family: 'windows-server', label, reason: 'the Windows Server release is unknown' };
  if (Number.parseInt(year, 10) < 2019) {
    return {
      status: 'unsupported',
      family: 'windows-server',
      label,
      reason: 'Entra sign-in needs Windows Server 2019 or later',
    };
  }
  if (core) {
    return {
      status: 'unsupported',
      family: 'windows-server',
      label,
      reason: 'Server Core images lack the Desktop Experience that Entra sign-in needs',
    };
  }
  return {
    status: 'supported',
    family: 'windows-server',
    label,
    reason: 'Windows Server 2019 or later with Desktop Experience',
  };
}

function windowsClient(major: 10 | 11, build: number | undefined, release?: string): OsVerdict {
  const label = `Windows ${major}${release ? ` ${release}` : build ? ` (build ${build})` : ''}`;
  if (major === 11 || (build !== undefined && build >= 22000)) {
    return { status: 'supported', family: 'windows-client', label, reason: 'Windows 11 supports Entra sign-in' };
  }
  if (build === undefined) {
    return {
      status: 'unknown',
      family: 'windows-client',
      label,
      reason: 'the Windows 10 release is unknown (1809 or later is needed)',
    };
  }
  return build >= 17763
    ? { status: 'supported', family: 'windows-client', label, reason: 'Windows 10 1809 (build 17763) or later' }
    : {
        status: 'unsupported',
        family: 'windows-client',
        label,
        reason: 'Entra sign-in needs Windows 10 1809 (build 17763) or later',
      };
}

/** Client release codes in marketplace SKUs (`rs5-pro`, `win10-22h2-ent`, `20h2-evd`) → build number. */
const CLIENT_RELEASE_BUILDS: Record<string, number> = {
  rs1: 14393,
  rs2: 15063,
  rs3: 16299,
  rs4: 17134,
  rs5: 17763,
  '19h1': 18362,
  '19h2': 18363,
  '20h1': 19041,
  '20h2': 19042,
  '21h1': 19043,
  '21h2': 19044,
  '22h2': 19045,
};

function fromWindowsInstanceView(osName: string, osVersion: string | undefined, core: boolean): OsVerdict | undefined {
  const build = windowsBuild(osVersion);
  if (/windows\s*11/i.test(osName)) return windowsClient(11, build);
  if (/windows\s*10/i.test(osName)) return windowsClient(10, build);
  if (/server/i.test(osName)) {
    const year = /\b(2008|2012 R2|2012|2016|2019|2022|2025)\b/i.exec(osName)?.[1];
    const byBuild = WIN_SERVER_BUILDS.find(([b]) => build !== undefined && build >= b)?.[1];
    return windowsServer(year ?? byBuild, core || /\bcore\b/i.test(osName));
  }
  return undefined;
}

function fromWindowsImage(image: NonNullable<OsInput['image']>): OsVerdict | undefined {
  const offer = (image.offer ?? '').toLowerCase();
  const sku = (image.sku ?? '').toLowerCase();
  const core = isCoreSku(sku);
  if (/windows-?11|win11/.test(`${offer} ${sku}`)) return windowsClient(11, undefined);
  if (
    /windows-?10|win10/.test(`${offer} ${sku}`) ||
    (image.publisher ?? '').toLowerCase() === 'microsoftwindowsdesktop'
  ) {
    const code = /(rs[1-5]|\d{2}h[12])/.exec(sku)?.[1];
    const build = code ? CLIENT_RELEASE_BUILDS[code] : undefined;
    return build === undefined ? undefined : windowsClient(10, build, code);
  }
  const year = /(2008|2012-r2|2012|2016|2019|2022|2025)/.exec(sku)?.[1];
  if (year || /windowsserver/.test(offer)) return windowsServer(year?.replace('-r2', ' R2'), core);
  return undefined;
}

interface LinuxRule {
  /** Matched against instance-view osName and against image publisher/offer. */
  pattern: RegExp;
  label: string;
  /** Decides from major/minor: true, false, or `undefined` when newer than documented (unknown). */
  supported(major: number, minor: number): boolean | undefined;
}

const range = (from: [number, number], to?: [number, number]) => (major: number, minor: number) => {
  const v = major * 1000 + minor;
  if (v < from[0] * 1000 + from[1]) return false;
  return to === undefined || v <= to[0] * 1000 + to[1] ? true : undefined;
};

const rhel = (major: number, minor: number): boolean | undefined => {
  if (major < 7) return false;
  if (major === 7) return minor < 4 ? false : minor <= 9 ? true : undefined;
  if (major === 8) return minor >= 3;
  return major === 9 ? true : undefined;
};

/** Order matters: more specific names first (`opensuse` before `suse`). */
const LINUX_RULES: LinuxRule[] = [
  { pattern: /ubuntu|canonical/i, label: 'Ubuntu', supported: range([16, 4], [24, 4]) },
  { pattern: /debian/i, label: 'Debian', supported: range([9, 0], [12, 99]) },
  { pattern: /alma/i, label: 'AlmaLinux', supported: range([8, 0], [9, 99]) },
  { pattern: /rocky|^resf$/i, label: 'Rocky Linux', supported: range([8, 0], [9, 99]) },
  { pattern: /oracle|^ol$/i, label: 'Oracle Linux', supported: range([8, 0], [9, 99]) },
  { pattern: /mariner|azurelinux|azure-linux/i, label: 'Azure Linux', supported: range([2, 0], [3, 99]) },
  {
    pattern: /opensuse/i,
    label: 'openSUSE Leap',
    supported: (ma, mi) => (ma === 42 ? mi >= 3 : range([15, 1])(ma, mi)),
  },
  { pattern: /sles|suse/i, label: 'SLES', supported: (ma, mi) => (ma === 12 ? true : range([15, 1])(ma, mi)) },
  { pattern: /rhel|redhat|red hat/i, label: 'RHEL', supported: rhel },
  { pattern: /centos|openlogic/i, label: 'CentOS', supported: () => false },
];

type LinuxVersion = [number, number | undefined];

/** `22.04`/`22_04` → [22, 4]; `ol89` → [8, 9]; `8-lvm-gen2` → [8, undefined]. Marketplace noise is dropped. */
function parseLinuxVersion(text: string): LinuxVersion | undefined {
  const clean = text.toLowerCase().replace(/x86_64|arm64|aarch64|gen\d/g, ' ');
  const dotted = /(\d+)[._](\d+)/.exec(clean);
  if (dotted) return [Number(dotted[1]), Number(dotted[2])];
  const ol = /ol(\d)(\d)/.exec(clean);
  if (ol) return [Number(ol[1]), Number(ol[2])];
  const sp = /(\d{2})-sp(\d)/.exec(clean);
  if (sp) return [Number(sp[1]), Number(sp[2])];
  const single = /(?:^|\D)(\d{1,2})(?:\D|$)/.exec(clean);
  return single ? [Number(single[1]), undefined] : undefined;
}

const UBUNTU_CODENAMES: Record<string, string> = {
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
};

function versionLabel(rule: LinuxRule, [major, minor]: LinuxVersion): string {
  if (minor === undefined) return `${rule.label} ${major}`;
  return `${rule.label} ${major}.${rule.label === 'Ubuntu' ? String(minor).padStart(2, '0') : minor}`;
}

function linuxVerdict(rule: LinuxRule, version: LinuxVersion | undefined): OsVerdict {
  const label = version ? versionLabel(rule, version) : rule.label;
  if (rule.label === 'CentOS') {
    const reason = 'CentOS is no longer in the supported distributions for Entra SSH sign-in';
    return { status: 'unsupported', family: 'linux', label, reason };
  }
  if (!version) return { status: 'unknown', family: 'linux', label, reason: `the ${rule.label} version is unknown` };
  const [major, minor] = version;
  // A marketplace SKU without a minor (`8-lvm`) means the latest minor of that major.
  const ok =
    minor !== undefined
      ? rule.supported(major, minor)
      : Array.from({ length: 100 }, (_, m) => rule.supported(major, m)).some((r) => r === true) ||
        rule.supported(major, 0);
  if (ok === undefined) {
    const reason = `${label} is newer than the documented supported versions`;
    return { status: 'unknown', family: 'linux', label, reason };
  }
  return ok
    ? {
        status: 'supported',
        family: 'linux',
        label,
        reason: `${label} is a supported distribution for Entra SSH sign-in`,
      }
    : {
        status: 'unsupported',
        family: 'linux',
        label,
        reason: `${label} is older than the supported versions for Entra SSH sign-in`,
      };
}

function fromLinux(vm: OsInput): OsVerdict | undefined {
  if (vm.osName) {
    const rule = LINUX_RULES.find((r) => r.pattern.test(vm.osName!));
    if (rule) return linuxVerdict(rule, vm.osVersion ? parseLinuxVersion(vm.osVersion) : undefined);
  }
  const image = vm.image;
  if (!image) return undefined;
  const rule = LINUX_RULES.find((r) => r.pattern.test(image.publisher ?? '') || r.pattern.test(image.offer ?? ''));
  if (!rule) return undefined;
  const text = `${image.offer ?? ''} ${image.sku ?? ''}`.toLowerCase();
  const codename = Object.keys(UBUNTU_CODENAMES).find((c) => text.includes(c));
  const version = codename
    ? parseLinuxVersion(UBUNTU_CODENAMES[codename]!)
    : (parseLinuxVersion(image.sku ?? '') ?? parseLinuxVersion(image.offer ?? ''));
  return linuxVerdict(rule, version);
}

/**
 * Verdicts by what decides them. A fleet has a handful of distinct OS builds and images, and every step asks
 * about every VM, several times: on 5,000 VMs the regular expressions cost more than the rest of the assessment.
 * Bounded, because the facts come from the tenant; past the bound verdicts are worked out each time.
 */
const verdicts = new Map<string, Readonly<OsVerdict>>();
const MAX_REMEMBERED = 4096;

/** Decides from the instance view's osName/osVersion first, then the marketplace image. */
export function assessOs(vm: OsInput): OsVerdict {
  const image = vm.image;
  // JSON, not a joined string: a name from the tenant cannot make two different sets of facts one key.
  const key = JSON.stringify([vm.osType, vm.osName, vm.osVersion, image?.publisher, image?.offer, image?.sku, !image]);
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = Object.freeze(decideOs(vm));
    if (verdicts.size < MAX_REMEMBERED) verdicts.set(key, verdict);
  }
  return verdict;
}

function decideOs(vm: OsInput): OsVerdict {
  const core = isCoreSku(vm.image?.sku);
  const verdict =
    vm.osType === 'Windows'
      ? ((vm.osName ? fromWindowsInstanceView(vm.osName, vm.osVersion, core) : undefined) ??
        (vm.image ? fromWindowsImage(vm.image) : undefined))
      : fromLinux(vm);
  return (
    verdict ?? {
      status: 'unknown',
      label: 'unknown OS',
      reason: 'neither the instance view nor the image says which OS this is',
    }
  );
}

/** True only when the OS is positively known to be unsupported. */
export function isOsUnsupported(vm: OsInput): boolean {
  return assessOs(vm).status === 'unsupported';
}

/** Windows 10/11 (not Server): the only VMs where Intune enrolment (`mdmId`) applies. */
export function isWindowsClient(vm: OsInput): boolean {
  return vm.osType === 'Windows' && assessOs(vm).family === 'windows-client';
}
