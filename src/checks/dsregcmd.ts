/**
 * Parses saved `dsregcmd /status` output (docs/reference/azure-facts.md §5.5) into the client facts sign-in depends on. The format
 * is `Key : Value` lines with right-aligned keys, grouped into sections framed by `+----+` rules and
 * `| Title |` lines. Builds add, drop and reorder fields, so the parser keys on field names only, accepts any
 * spacing, CRLF or LF, a UTF-8 BOM and UTF-16 text decoded as such, and ignores lines it does not know.
 */
import type { ClientFacts } from '../plan/snapshot';

export type JoinType = 'entra-joined' | 'hybrid-joined' | 'domain-joined' | 'on-prem-drs' | 'not-joined';

export interface DsregStatus {
  facts: ClientFacts;
  join: JoinType;
  /** Every `Key : Value` pair by section title (`Device State`, `SSO State`, …); keys as printed. */
  sections: Record<string, Record<string, string>>;
}

/** Any of these proves the text came from dsregcmd: the Device State block is always printed. */
const SIGNATURE_KEYS = ['AzureAdJoined', 'DomainJoined', 'EnterpriseJoined'];
const RULE = /^\+-{3,}\+?$/;
const TITLE = /^\|\s*(.+?)\s*\|$/;
const PAIR = /^([A-Za-z][A-Za-z0-9 ()-]*?)\s*:\s?(.*)$/;

/** Returns undefined when the text is not `dsregcmd /status` output. */
export function parseDsregcmd(text: string): DsregStatus | undefined {
  const sections: Record<string, Record<string, string>> = {};
  const flat: Record<string, string> = {};
  let section = '(none)';
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/\0/g, '').trim();
    if (line === '' || RULE.test(line)) continue;
    const title = TITLE.exec(line);
    if (title) {
      section = title[1]!;
      continue;
    }
    const pair = PAIR.exec(line);
    if (!pair) continue;
    const key = pair[1]!.trim();
    const value = pair[2]!.trim();
    sections[section] ??= {};
    sections[section]![key] = value;
    // The first occurrence wins: later sections (Diagnostic Data) repeat some names with other meanings.
    if (!(key.toLowerCase() in flat)) flat[key.toLowerCase()] = value;
  }
  if (!SIGNATURE_KEYS.some((k) => k.toLowerCase() in flat)) return undefined;

  const yes = (k: string) => {
    const v = flat[k.toLowerCase()];
    return v === undefined ? undefined : /^yes\b/i.test(v);
  };
  const str = (k: string) => {
    const v = flat[k.toLowerCase()];
    return v === undefined || v === '' ? undefined : v;
  };
  const facts: ClientFacts = {
    azureAdJoined: yes('AzureAdJoined'),
    enterpriseJoined: yes('EnterpriseJoined'),
    domainJoined: yes('DomainJoined'),
    workplaceJoined: yes('WorkplaceJoined'),
    tenantId: str('TenantId')?.toLowerCase(),
    tenantName: str('TenantName'),
    workplaceTenantId: str('WorkplaceTenantId')?.toLowerCase(),
    deviceAuthStatus: str('DeviceAuthStatus'),
    ngcSet: yes('NgcSet'),
    azureAdPrt: yes('AzureAdPrt'),
    cloudTgt: yes('CloudTgt'),
    deviceId: str('DeviceId')?.toLowerCase(),
  };
  for (const k of Object.keys(facts) as (keyof ClientFacts)[]) if (facts[k] === undefined) delete facts[k];
  return { facts, join: joinType(facts), sections };
}

/** True when the facts came from dsregcmd's Device State block, not only from a build number. */
export function hasJoinFacts(f: ClientFacts): boolean {
  return f.azureAdJoined !== undefined || f.domainJoined !== undefined || f.workplaceJoined !== undefined;
}

/** The join state matrix of docs/reference/azure-facts.md §5.5. */
export function joinType(f: ClientFacts): JoinType {
  if (f.azureAdJoined && f.domainJoined) return 'hybrid-joined';
  if (f.azureAdJoined) return 'entra-joined';
  if (f.enterpriseJoined && f.domainJoined) return 'on-prem-drs';
  if (f.domainJoined) return 'domain-joined';
  return 'not-joined';
}

export function describeJoin(join: JoinType): string {
  switch (join) {
    case 'entra-joined':
      return 'Microsoft Entra joined';
    case 'hybrid-joined':
      return 'Microsoft Entra hybrid joined';
    case 'domain-joined':
      return 'joined to an on-premises domain only';
    case 'on-prem-drs':
      return 'registered with on-premises DRS only';
    case 'not-joined':
      return 'not joined';
  }
}

export type ClientTenantFit =
  | { fit: 'joined-same-tenant' }
  | { fit: 'registered-same-tenant' }
  | { fit: 'registered-unknown-tenant' }
  | { fit: 'other-tenant'; tenantId: string }
  | { fit: 'none'; join: JoinType };

/**
 * Whether the client can use the password/WHfB RDP flow to a VM in `tenantId` (docs/reference/azure-facts.md §5.3): Entra joined or
 * hybrid joined to the same tenant, or Entra registered (then the username must be `AzureAD\upn`).
 */
export function clientTenantFit(f: ClientFacts, tenantId: string): ClientTenantFit {
  const join = joinType(f);
  const same = (t?: string) => t !== undefined && t.toLowerCase() === tenantId.toLowerCase();
  if (join === 'entra-joined' || join === 'hybrid-joined') {
    if (!f.tenantId || same(f.tenantId)) return { fit: 'joined-same-tenant' };
    if (!f.workplaceJoined) return { fit: 'other-tenant', tenantId: f.tenantId };
  }
  if (f.workplaceJoined) {
    if (same(f.workplaceTenantId)) return { fit: 'registered-same-tenant' };
    if (f.workplaceTenantId) return { fit: 'other-tenant', tenantId: f.workplaceTenantId };
    return { fit: 'registered-unknown-tenant' };
  }
  return { fit: 'none', join };
}
