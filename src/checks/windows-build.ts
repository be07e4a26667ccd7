/**
 * Windows build numbers: parsing what admins paste (`10.0.22621.674`, `22621.674`, `ver` output) and the
 * minimum builds for "Use a web account to sign in" RDP (`enablerdsaadauth`, docs/reference/azure-facts.md §5.2), which the
 * 2022-10 cumulative updates brought to client and host alike.
 */

export interface WindowsBuild {
  major: number;
  minor: number;
  build: number;
  /** The update build revision (UBR); 0 when the input did not say. */
  revision: number;
  /** Whether the input carried a revision; a missing one is read as 0, the oldest. */
  hasRevision: boolean;
}

const VER = /\[Version\s+([\d.]+)\]/i;

/** Parses `10.0.22621.674`, `22621.674`, `22621`, or `Microsoft Windows [Version 10.0.19045.3803]`. */
export function parseWindowsBuild(input: string): WindowsBuild | undefined {
  const text = input.trim();
  const fromVer = VER.exec(text)?.[1];
  const raw = fromVer ?? text.replace(/^v(ersion)?\s*/i, '');
  if (!/^\d+(\.\d+){0,3}$/.test(raw)) return undefined;
  const parts = raw.split('.').map(Number);
  if (parts.some((n) => !Number.isSafeInteger(n))) return undefined;
  if (parts.length >= 3) {
    const [major, minor, build, revision] = parts as [number, number, number, number | undefined];
    return { major, minor, build, revision: revision ?? 0, hasRevision: revision !== undefined };
  }
  const [build, revision] = parts as [number, number | undefined];
  if (build < 6000) return undefined; // "10" or "6.3" alone is not a build
  return { major: 10, minor: 0, build, revision: revision ?? 0, hasRevision: revision !== undefined };
}

export function formatBuild(b: WindowsBuild): string {
  return `${b.major}.${b.minor}.${b.build}.${b.revision}`;
}

/** A friendly release name for the builds that matter here. */
export function releaseName(build: number): string {
  const names: Record<number, string> = {
    17763: 'Windows 10 1809 / Windows Server 2019',
    19041: 'Windows 10 2004',
    19042: 'Windows 10 20H2',
    19043: 'Windows 10 21H1',
    19044: 'Windows 10 21H2',
    19045: 'Windows 10 22H2',
    20348: 'Windows Server 2022',
    22000: 'Windows 11 21H2',
    22621: 'Windows 11 22H2',
    22631: 'Windows 11 23H2',
    26100: 'Windows 11 24H2 / Windows Server 2025',
  };
  if (names[build]) return names[build];
  if (build < 10240) return 'Windows 8.1 or older';
  return `Windows build ${build}`;
}

export interface BuildVerdict {
  supported: boolean;
  /** What the admin must install when unsupported, e.g. "22000.1098 or later (KB5018418)". */
  requirement: string;
}

interface MinRevision {
  build: number;
  revision: number;
  kb: string;
}

/** Reference §5.2 table. Win10 22H2 (19045) shipped as 19045.2130 with the same update. */
const WEB_ACCOUNT_MIN: MinRevision[] = [
  { build: 19042, revision: 2130, kb: 'KB5018410' },
  { build: 19043, revision: 2130, kb: 'KB5018410' },
  { build: 19044, revision: 2130, kb: 'KB5018410' },
  { build: 19045, revision: 2130, kb: 'KB5018410' },
  { build: 20348, revision: 1129, kb: 'KB5018421' },
  { build: 22000, revision: 1098, kb: 'KB5018418' },
  { build: 22621, revision: 674, kb: 'KB5018427' },
];

/**
 * Whether a Windows build supports web-account (Entra) RDP as client or host. Builds newer than a listed
 * release (22631, 26100, …) already include the feature; builds older than Windows 10 20H2 never get it.
 */
export function webAccountRdpSupport(b: WindowsBuild): BuildVerdict {
  const row = WEB_ACCOUNT_MIN.find((r) => r.build === b.build);
  if (row) {
    const ok = b.revision >= row.revision;
    return {
      supported: ok,
      requirement: `${releaseName(row.build)} ${row.build}.${row.revision} or later (${row.kb})`,
    };
  }
  if (b.major === 10 && b.build > 19045) return { supported: true, requirement: 'met' };
  return {
    supported: false,
    requirement:
      'Windows 10 20H2 19042.2130 (KB5018410), Windows 11 21H2 22000.1098 (KB5018418), Windows 11 22H2 22621.674, Windows Server 2022 20348.1129 (KB5018421) or later',
  };
}

/**
 * The password/WHfB RDP client (docs/reference/azure-facts.md §5.3): Windows 10 or later; an Entra *registered* client needs
 * Windows 10 2004 (19041) or later.
 */
export function passwordRdpClientSupport(b: WindowsBuild, registeredOnly: boolean): BuildVerdict {
  const min = registeredOnly ? 19041 : 10240;
  return {
    supported: b.major >= 10 && b.build >= min,
    requirement: registeredOnly
      ? 'Windows 10 2004 (19041) or later for an Entra registered client'
      : 'Windows 10 or later',
  };
}
