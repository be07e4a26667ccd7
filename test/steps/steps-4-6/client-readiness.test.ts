import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../../src/core/well-known-ids';
import clientReadiness from '../../../steps/client-readiness';
import { readClientFacts } from '../../../steps/client-readiness/discover';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import { ENTRA_JOINED, WINDOWS_SERVER_DOMAIN } from '../../unit/checks-ca/dsregcmd-samples';
import { fakeGateway } from './fake-graph';
import { alice, answers, baseSnapshot, methods, policy, TENANT } from './fixtures';

const dir = await mkdtemp(join(tmpdir(), 'evl-client-'));
const file = async (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
};

describe('client-readiness: reading the client', () => {
  it('reads dsregcmd output saved as UTF-16 by PowerShell, plus the build', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(ENTRA_JOINED.replace(/\n/g, '\r\n'), 'utf16le'),
    ]);
    const facts = await readClientFacts({
      dsregcmdFile: await file('ps.txt', utf16),
      clientOsBuild: 'Microsoft Windows [Version 10.0.22631.4460]',
    });
    expect(facts).toMatchObject({
      azureAdJoined: true,
      ngcSet: true,
      tenantId: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      osBuild: '10.0.22631.4460',
    });
  });

  it('refuses a file that is not dsregcmd output', async () => {
    const p = await file('ipconfig.txt', 'Windows IP Configuration\r\n');
    await expect(readClientFacts({ dsregcmdFile: p })).rejects.toMatchObject({
      code: 'bad-input',
      message: `${p} is not the output of dsregcmd /status`,
    });
  });

  it('refuses a missing file and a malformed build', async () => {
    await expect(readClientFacts({ dsregcmdFile: join(dir, 'nope.txt') })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(readClientFacts({ clientOsBuild: 'Windows 11' })).rejects.toMatchObject({
      message: "'Windows 11' is not a Windows build",
    });
  });

  it('discovers methods for the selected users and the client', async () => {
    const { gateway } = fakeGateway({ sps: {}, policies: [], securityDefaults: false, perUser: {} });
    const asked: string[][] = [];
    gateway.graph.getAuthMethods = async (ids) => {
      asked.push(ids);
      return { [alice.id]: methods({ fido2: 1 }) };
    };
    const s = baseSnapshot({ authMethods: {} });
    const a = answers({ dsregcmdFile: await file('ok.txt', WINDOWS_SERVER_DOMAIN) });
    await clientReadiness.discover({ gateway, answers: a, snapshot: s, progress: () => {} });
    expect(asked).toEqual([[alice.id]]);
    expect(s.authMethods[alice.id]!.fido2).toBe(1);
    expect(s.client).toEqual({ azureAdJoined: false, enterpriseJoined: false, domainJoined: true });
  });
});

describe('client-readiness: findings', () => {
  const codes = (s = baseSnapshot(), a = answers()) => stepFindings(clientReadiness, s, a).map((f) => f.code);

  it('nothing to say about a ready user and client', () => {
    expect(codes()).toEqual([]);
    expect(stepDrafts(clientReadiness, baseSnapshot(), answers())).toEqual([]);
  });

  it('no-strong-auth-method: password RDP with MFA needs WHfB', () => {
    const f = stepFindings(clientReadiness, baseSnapshot(), answers({ connections: ['rdp-password'] }));
    expect(f.map((x) => [x.code, x.target])).toEqual([['no-strong-auth-method', `graph:/users/${alice.id}`]]);
    expect(f[0]!.message).toBe(
      'alice@contoso.com has no registered method that satisfies the sign-in requirement: rdp-password needs Windows Hello for Business (the only method the password RDP flow can carry as MFA).',
    );
    expect(
      codes(
        baseSnapshot({ authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }) } }),
        answers({ connections: ['rdp-password'] }),
      ),
    ).toEqual([]);
  });

  it('no-strong-auth-method: an existing phishing-resistant policy with only Authenticator', () => {
    const pr = policy('pr', {
      apps: [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin],
      grant: { operator: 'OR', authenticationStrength: { id: AUTH_STRENGTH_IDS.phishingResistant } },
    });
    expect(codes(baseSnapshot({ caPolicies: [pr] }))).toEqual(['no-strong-auth-method']);
    expect(codes(baseSnapshot({ caPolicies: [pr] }), answers({ ca: 'none' }))).toEqual(['no-strong-auth-method']);
  });

  it('client-not-joined: a domain-only client for password RDP', () => {
    const s = baseSnapshot({
      client: { azureAdJoined: false, domainJoined: true },
      authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }) },
    });
    const f = stepFindings(clientReadiness, s, answers({ connections: ['rdp-password'] }));
    expect(f.map((x) => x.code)).toEqual(['client-not-joined']);
    expect(f[0]!.message).toContain('"Your credentials did not work"');
    expect(
      codes({ ...s, client: { azureAdJoined: true, tenantId: TENANT } }, answers({ connections: ['rdp-password'] })),
    ).toEqual([]);
  });

  it('client-os-too-old: web-account RDP from Windows 10 2004', () => {
    const f = stepFindings(clientReadiness, baseSnapshot({ client: { osBuild: '10.0.19041.1415' } }), answers());
    expect(f.map((x) => x.code)).toEqual(['client-os-too-old']);
    expect(f[0]!.message).toMatch(
      /^The client PC runs Windows 10\.0\.19041\.1415: web-account RDP needs Windows 10 20H2/,
    );
  });

  it('whfb-key-trust: key or cloud Kerberos trust with MFA on password RDP', () => {
    const s = baseSnapshot({ authMethods: { [alice.id]: methods({ windowsHelloForBusiness: 1 }) } });
    const f = stepFindings(clientReadiness, s, answers({ connections: ['rdp-password'], whfbTrust: 'cloud-kerberos' }));
    expect(f.map((x) => [x.code, x.severity])).toEqual([['whfb-key-trust', 'warning']]);
    expect(f[0]!.message).toContain('MicrosoftDocs/entra-docs#689');
    expect(codes(s, answers({ connections: ['rdp-password'], whfbTrust: 'certificate' }))).toEqual([]);
    expect(codes(s, answers({ connections: ['rdp-password'], whfbTrust: 'key', ca: 'none' }))).toEqual([]);
  });
});
