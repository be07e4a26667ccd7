/**
 * The catalogue of Entra login extension failures (docs/reference/azure-facts.md §1.4, §5.6): turns the statuses of a failed
 * AADLoginForWindows / AADSSHLoginForLinux install into what happened and what to do. Pure.
 *
 * Codes are read from status codes (`ProvisioningState/failed/<code>`) and from messages ("terminal error
 * code '1007'", "Exit code: -2145648574", "Device name already exists"). The first recognised cause wins, in
 * catalogue order, because one failure often reports several numbers for the same cause (1007 and
 * -2145648574 are the same DSREG error).
 */
import type { InstanceStatus } from '../plan/snapshot';

export type ExtensionErrorCode = '1007' | '-2145648607' | '51' | 'duplicate-device' | 'unknown';

export interface ExtensionErrorExplanation {
  code: ExtensionErrorCode;
  /** What happened, one sentence. */
  meaning: string;
  /** What to do, one sentence. */
  fix: string;
  /** The service's own words, trimmed, for the curious and for support tickets. */
  detail?: string;
}

export interface ExplainOptions {
  /** Hosts the VM must reach on 443 for this cloud (cloud profile `vmEndpoints`). */
  endpoints: string[];
  /** The extension type, for the log location in the fallback. */
  type?: string;
}

interface CatalogueEntry {
  code: Exclude<ExtensionErrorCode, 'unknown'>;
  matches(text: string, statusCodes: string[]): boolean;
  explain(options: ExplainOptions): Omit<ExtensionErrorExplanation, 'code' | 'detail'>;
}

const hasExitCode = (text: string, codes: string[], n: string) =>
  codes.some((c) => c.toLowerCase() === `provisioningstate/failed/${n}`) ||
  new RegExp(`exit\\s*code[^-\\d]{0,4}${n.replace('-', '\\-')}(?!\\d)`, 'i').test(text);

const CATALOGUE: CatalogueEntry[] = [
  {
    code: '1007',
    matches: (text, codes) =>
      /terminal error code\s*'?1007'?/i.test(text) ||
      hasExitCode(text, codes, '1007') ||
      hasExitCode(text, codes, '-2145648574') ||
      /0x801c0042|DSREG_E_MSI_TENANTID_UNAVAILABLE/i.test(text),
    explain: () => ({
      meaning:
        'the extension could not read the tenant from the VM’s managed identity (1007, exit code -2145648574): ' +
        'the system-assigned identity was not enabled when it ran',
      fix: 'enable the VM’s system-assigned managed identity, then reinstall the extension',
    }),
  },
  {
    code: '-2145648607',
    matches: (text, codes) =>
      hasExitCode(text, codes, '-2145648607') || /0x801c0021|DSREG_AUTOJOIN_DISC_FAILED/i.test(text),
    explain: ({ endpoints }) => ({
      meaning:
        'the VM cannot reach the Entra device registration service (exit code -2145648607, ' +
        'DSREG_AUTOJOIN_DISC_FAILED)',
      fix: `check DNS, NSG rules, firewalls and proxies so the VM reaches ${endpoints.join(', ')} on port 443, then reinstall the extension`,
    }),
  },
  {
    code: '51',
    matches: (text, codes) => hasExitCode(text, codes, '51'),
    explain: () => ({
      meaning: 'the extension does not support this OS (exit code 51)',
      fix: 'use Windows Server 2019 or later with Desktop Experience, Windows 10 1809 or later, or Windows 11',
    }),
  },
  {
    code: 'duplicate-device',
    matches: (text) => /device name already exists|hostname (already )?exists|duplicate device/i.test(text),
    explain: () => ({
      meaning: 'Entra ID already has a device with this VM’s hostname, so the join was refused',
      fix: 'delete or rename the stale device in the Entra admin center (Devices), then reinstall the extension',
    }),
  },
];

function statusText(statuses: InstanceStatus[]): string {
  return statuses.map((s) => [s.code, s.displayStatus, s.message].filter(Boolean).join(' ')).join('\n');
}

/** The first line of the service's message that carries information, at most 300 characters. */
function detailOf(statuses: InstanceStatus[]): string | undefined {
  const failing = statuses.find((s) => s.level === 'Error' || /failed/i.test(s.code)) ?? statuses[0];
  const text = (failing?.message ?? failing?.displayStatus ?? '').replace(/\s+/g, ' ').trim();
  return text ? (text.length > 300 ? `${text.slice(0, 297)}…` : text) : undefined;
}

/**
 * Explains a failed install from its statuses and substatuses. Always returns an explanation: an
 * unrecognised failure is `unknown`, with the service's message and where the logs are.
 */
export function explainExtensionFailure(
  failure: { statuses: InstanceStatus[]; substatuses?: InstanceStatus[] },
  options: ExplainOptions,
): ExtensionErrorExplanation {
  const all = [...failure.statuses, ...(failure.substatuses ?? [])];
  const text = statusText(all);
  const codes = all.map((s) => s.code);
  const detail = detailOf(all);
  const entry = CATALOGUE.find((e) => e.matches(text, codes));
  if (entry) return { code: entry.code, ...entry.explain(options), ...(detail ? { detail } : {}) };
  const logs =
    options.type === 'AADSSHLoginForLinux'
      ? '/var/log/azure/Microsoft.Azure.ActiveDirectory.AADSSHLoginForLinux/'
      : 'C:\\WindowsAzure\\Logs\\Plugins\\Microsoft.Azure.ActiveDirectory.AADLoginForWindows\\';
  return {
    code: 'unknown',
    meaning: `the extension failed${detail ? `: ${detail}` : ' without saying why'}`,
    fix: `read the extension logs in ${logs} on the VM, fix the cause, then reinstall the extension`,
    ...(detail ? { detail } : {}),
  };
}

/** One line for findings and errors: "<meaning>. Fix: <fix>." */
export function describeExtensionFailure(e: ExtensionErrorExplanation): string {
  return `${e.meaning}; ${e.fix}`;
}
