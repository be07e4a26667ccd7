import { describe, expect, it } from 'vitest';
import { clientTenantFit, joinType, parseDsregcmd } from '../../../src/checks/dsregcmd';
import {
  ENTRA_JOINED,
  HYBRID_JOINED,
  REGISTERED_ONLY,
  WINDOWS_SERVER_DOMAIN,
  WORKPLACE_PRT_MISSING,
} from './dsregcmd-samples';

const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';

describe('parseDsregcmd', () => {
  it('reads an Entra joined client with WHfB and a PRT', () => {
    const s = parseDsregcmd(ENTRA_JOINED)!;
    expect(s.join).toBe('entra-joined');
    expect(s.facts).toEqual({
      azureAdJoined: true,
      enterpriseJoined: false,
      domainJoined: false,
      workplaceJoined: false,
      tenantId: TENANT,
      tenantName: 'Contoso',
      deviceAuthStatus: 'SUCCESS',
      ngcSet: true,
      azureAdPrt: true,
      cloudTgt: true,
      deviceId: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    });
    expect(s.sections['Device Details']!.KeyProvider).toBe('Microsoft Platform Crypto Provider');
    expect(clientTenantFit(s.facts, TENANT)).toEqual({ fit: 'joined-same-tenant' });
  });

  it('reads a hybrid joined client', () => {
    const s = parseDsregcmd(HYBRID_JOINED)!;
    expect(s.join).toBe('hybrid-joined');
    expect(s.facts.ngcSet).toBe(false);
    expect(s.facts.cloudTgt).toBe(false);
    expect(clientTenantFit(s.facts, TENANT)).toEqual({ fit: 'joined-same-tenant' });
    expect(clientTenantFit(s.facts, '99999999-8888-7777-6666-555555555555')).toEqual({
      fit: 'other-tenant',
      tenantId: TENANT,
    });
  });

  it('reads an Entra registered (workplace joined) client', () => {
    const s = parseDsregcmd(REGISTERED_ONLY)!;
    expect(s.join).toBe('not-joined');
    expect(s.facts.workplaceJoined).toBe(true);
    expect(s.facts.workplaceTenantId).toBe(TENANT);
    expect(s.facts.tenantId).toBeUndefined();
    expect(clientTenantFit(s.facts, TENANT)).toEqual({ fit: 'registered-same-tenant' });
  });

  it('reads a workplace joined client whose PRT is missing, registered to another tenant', () => {
    const s = parseDsregcmd(WORKPLACE_PRT_MISSING)!;
    expect(s.facts.azureAdPrt).toBe(false);
    expect(s.sections['SSO State']!['Server Error Description']).toBe(
      'AADSTS50126: Error validating credentials due to invalid username or password.',
    );
    expect(clientTenantFit(s.facts, TENANT)).toEqual({
      fit: 'other-tenant',
      tenantId: '99999999-8888-7777-6666-555555555555',
    });
  });

  it('reads a domain joined Windows Server client with no user sections', () => {
    const s = parseDsregcmd(WINDOWS_SERVER_DOMAIN)!;
    expect(s.join).toBe('domain-joined');
    expect(s.facts).toEqual({ azureAdJoined: false, enterpriseJoined: false, domainJoined: true });
    expect(clientTenantFit(s.facts, TENANT)).toEqual({ fit: 'none', join: 'domain-joined' });
  });

  it('parses CRLF line endings with a BOM exactly like LF', () => {
    const crlf = `\uFEFF${ENTRA_JOINED.replace(/\n/g, '\r\n')}`;
    expect(parseDsregcmd(crlf)).toEqual(parseDsregcmd(ENTRA_JOINED));
  });

  it('tolerates odd spacing, missing rules and unknown fields', () => {
    const s = parseDsregcmd('AzureAdJoined:YES\n  DomainJoined   :   NO\nSomethingNew : 42\nTenantId: X-Y\n')!;
    expect(s.join).toBe('entra-joined');
    expect(s.facts.tenantId).toBe('x-y');
    expect(s.sections['(none)']!.SomethingNew).toBe('42');
  });

  it('returns undefined for text that is not dsregcmd output', () => {
    expect(parseDsregcmd('')).toBeUndefined();
    expect(parseDsregcmd('Windows IP Configuration\r\n\r\n   Host Name . . . : PC1\r\n')).toBeUndefined();
    expect(parseDsregcmd('\u0000\u0001binary\u0002garbage')).toBeUndefined();
  });

  it('classifies the join matrix', () => {
    expect(joinType({ azureAdJoined: false, enterpriseJoined: true, domainJoined: true })).toBe('on-prem-drs');
    expect(joinType({})).toBe('not-joined');
  });
});
