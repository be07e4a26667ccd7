/** Realistic `dsregcmd /status` outputs (shapes from docs/reference/azure-facts.md §5.5; ids are made up). */
const rule = `+${'-'.repeat(70)}+`;
const section = (title: string, lines: string[]) =>
  [
    rule,
    `| ${title.padEnd(68)} |`,
    rule,
    '',
    ...lines.map((l) => {
      const [k, v] = l.split('=');
      return `${k!.padStart(30)} : ${v}`;
    }),
    '',
  ].join('\n');

export const ENTRA_JOINED = [
  section('Device State', [
    'AzureAdJoined=YES',
    'EnterpriseJoined=NO',
    'DomainJoined=NO',
    'Virtual Desktop=NOT SET',
    'Device Name=CONTOSO-LT-042',
  ]),
  section('Device Details', [
    'DeviceId=00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    'Thumbprint=AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00',
    'DeviceCertificateValidity=[ 2025-01-10 08:00:00.000 UTC -- 2035-01-10 08:30:00.000 UTC ]',
    'KeyContainerId=11aa22bb-33cc-44dd-55ee-66ff77aa88bb',
    'KeyProvider=Microsoft Platform Crypto Provider',
    'TpmProtected=YES',
    'DeviceAuthStatus=SUCCESS',
  ]),
  section('Tenant Details', [
    'TenantName=Contoso',
    'TenantId=AAAABBBB-0000-CCCC-1111-DDDD2222EEEE',
    'AuthCodeUrl=https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/oauth2/authorize',
    'MdmUrl=https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc',
  ]),
  section('User State', [
    'NgcSet=YES',
    'NgcKeyId={aaaaaaaa-0b0b-1c1c-2d2d-333333333333}',
    'CanReset=DestructiveAndNonDestructive',
    'WorkplaceJoined=NO',
    'WamDefaultSet=YES',
    'WamDefaultAuthority=organizations',
  ]),
  section('SSO State', [
    'AzureAdPrt=YES',
    'AzureAdPrtUpdateTime=2026-05-12 08:14:02.000 UTC',
    'AzureAdPrtExpiryTime=2026-05-26 08:14:01.000 UTC',
    'AzureAdPrtAuthority=https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee',
    'EnterprisePrt=NO',
    'OnPremTgt=NO',
    'CloudTgt=YES',
    'KerbTopLevelNames=.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433',
  ]),
  section('Diagnostic Data', [
    'AadRecoveryEnabled=NO',
    'Executing Account Name=CONTOSO\\alice, alice@contoso.com',
    'KeySignTest=PASSED',
  ]),
].join('\n');

export const HYBRID_JOINED = [
  section('Device State', [
    'AzureAdJoined=YES',
    'EnterpriseJoined=NO',
    'DomainJoined=YES',
    'DomainName=CONTOSO',
    'Device Name=WKS-0193.corp.contoso.com',
  ]),
  section('Device Details', [
    'DeviceId=11bb11bb-cc22-dd33-ee44-55ff55ff55ff',
    'TpmProtected=NO',
    'DeviceAuthStatus=SUCCESS',
  ]),
  section('Tenant Details', ['TenantName=Contoso', 'TenantId=aaaabbbb-0000-cccc-1111-dddd2222eeee']),
  section('User State', ['NgcSet=NO', 'WorkplaceJoined=NO', 'WamDefaultSet=YES']),
  section('SSO State', ['AzureAdPrt=YES', 'OnPremTgt=YES', 'CloudTgt=NO']),
].join('\n');

export const REGISTERED_ONLY = [
  section('Device State', ['AzureAdJoined=NO', 'EnterpriseJoined=NO', 'DomainJoined=NO', 'Device Name=HOME-PC']),
  section('User State', [
    'NgcSet=NO',
    'WorkplaceJoined=YES',
    'WorkplaceDeviceId=22cc22cc-dd33-ee44-ff55-66aa66aa66aa',
    'WorkplaceThumbprint=BB22CC33DD44EE55FF66AA77BB88CC99DD00EE11',
    'WorkplaceTenantId=aaaabbbb-0000-cccc-1111-dddd2222eeee',
    'WorkplaceTenantName=Contoso',
    'WamDefaultSet=NO',
  ]),
  section('SSO State', ['AzureAdPrt=NO', 'EnterprisePrt=NO']),
].join('\n');

/** Entra registered account in another tenant, PRT acquisition failing. */
export const WORKPLACE_PRT_MISSING = [
  section('Device State', ['AzureAdJoined=NO', 'EnterpriseJoined=NO', 'DomainJoined=NO']),
  section('User State', [
    'NgcSet=NO',
    'WorkplaceJoined=YES',
    'WorkplaceTenantId=99999999-8888-7777-6666-555555555555',
    'WorkplaceTenantName=Fabrikam',
  ]),
  section('SSO State', [
    'AzureAdPrt=NO',
    'AzureAdPrtAuthority=',
    'AcquirePrtDiagnostics=PRESENT',
    'Previous Prt Attempt=2026-05-12 07:58:31.000 UTC',
    'Attempt Status=0xc000006d',
    'User Identity=alice@fabrikam.com',
    'Server Error Code=invalid_grant',
    'Server Error Description=AADSTS50126: Error validating credentials due to invalid username or password.',
  ]),
].join('\n');

/** Windows Server 2019 member server used as a jump host: domain joined only, no user/SSO sections (run elevated). */
export const WINDOWS_SERVER_DOMAIN = [
  section('Device State', ['AzureAdJoined=NO', 'EnterpriseJoined=NO', 'DomainJoined=YES', 'DomainName=CORP']),
  section('Diagnostic Data', [
    'Diagnostics Reference=www.microsoft.com/aadjerrors',
    'User Context=UN-ELEVATED User',
    'Client Time=2026-05-12 09:00:00.000 UTC',
  ]),
].join('\n');
