/**
 * Client readiness rules: whether users can satisfy what Conditional Access requires, and whether the client
 * PC can use the chosen connection method. Plans nothing: apply writes an .rdp file locally.
 */
import { satisfiesRequirement } from '../../src/checks/auth-methods';
import {
  appsForConnection,
  type CaRequirement,
  clientAppTypeFor,
  evaluateCaForApps,
} from '../../src/checks/ca-evaluator';
import { clientTenantFit, describeJoin, hasJoinFacts } from '../../src/checks/dsregcmd';
import {
  formatBuild,
  parseWindowsBuild,
  passwordRdpClientSupport,
  webAccountRdpSupport,
} from '../../src/checks/windows-build';
import type { Answers } from '../../src/plan/answers';
import type { PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import type { ConnectionMethod, FindingDraft } from '../../src/plan/types';
import type { StepInputs } from '../shared/contract';
import { osTypes, selectedUsers, subjectOf, userTarget, wantedRequirement } from '../shared/sign-in-subjects';

export type ClientReadinessFacts = StepInputs;

const CLIENT_TARGET = 'client';
const WEB_ACCOUNT_CLIENT: ConnectionMethod[] = ['rdp-web-account', 'bastion-native'];

/**
 * What each selected user must satisfy per connection method: the wanted grant, and every requirement that an
 * enabled policy enforces now on the apps the method signs in to, as the client app type the method is. Every
 * applying policy must be satisfied, so each requirement is checked (the strictest does not hide a custom
 * strength that allows other methods); the token may be issued for any of the method's apps, so a method is
 * short of a requirement only when every app has one the user cannot meet.
 */
function requirements(snapshot: Snapshot, answers: Answers) {
  const wanted = wantedRequirement(answers.ca);
  const rows: { user: PrincipalFacts; method: ConnectionMethod; reqs: CaRequirement[][] }[] = [];
  for (const user of selectedUsers(snapshot, answers)) {
    for (const method of answers.connections) {
      const apps = osTypes(snapshot, answers).flatMap((os) => appsForConnection(method, os));
      if (apps.length === 0) continue;
      const { perApp } = evaluateCaForApps(snapshot.caPolicies, subjectOf(user), apps, {
        clientAppType: clientAppTypeFor(method),
      });
      // Security defaults or no P1: no policy is evaluated, so only the wanted grant (once those are fixed) counts.
      const evaluated = !snapshot.securityDefaultsEnabled && snapshot.licenceP1;
      const reqs = perApp.map((a) => [
        wanted,
        ...a.policies
          .filter((e) => evaluated && e.state === 'enabled' && e.applies && !e.conditional)
          .map((e) => e.requirement),
      ]);
      rows.push({ user, method, reqs });
    }
  }
  return rows;
}

export function assess({ snapshot, answers }: ClientReadinessFacts): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const base = { step: 'client-readiness' as const, fixedBy: [] };
  const rows = requirements(snapshot, answers);

  const byUser = new Map<string, { label: string; misses: string[] }>();
  for (const { user, method, reqs } of rows) {
    const methods = snapshot.authMethods[user.id];
    if (!methods) continue;
    const short = reqs.map((list) =>
      list
        .filter((r) => r.level !== 'none' && r.level !== 'block')
        .map((r) => satisfiesRequirement(methods, r, method))
        .find((v) => !v.ok),
    );
    const v = short.every((x) => x !== undefined) ? short[0] : undefined;
    if (!v) continue;
    const entry = byUser.get(user.id) ?? { label: user.userPrincipalName ?? user.displayName, misses: [] };
    entry.misses.push(`${method} needs ${v.needs}`);
    byUser.set(user.id, entry);
  }
  for (const [id, { label, misses }] of byUser) {
    findings.push({
      ...base,
      code: 'no-strong-auth-method',
      severity: 'error',
      target: userTarget(id),
      message: `${label} has no registered method that satisfies the sign-in requirement: ${misses.join('; ')}.`,
      remediation: `Have ${label} register one at https://aka.ms/mysecurityinfo (or provision Windows Hello for Business on their PC) before the policy is turned on.`,
    });
  }

  const client = snapshot.client;
  const mfaOnPassword = rows.some(
    (r) => r.method === 'rdp-password' && r.reqs.some((l) => l.some((q) => q.level !== 'none')),
  );
  if (client && hasJoinFacts(client) && answers.connections.includes('rdp-password')) {
    const fit = clientTenantFit(client, snapshot.tenantId);
    if (fit.fit === 'none' || fit.fit === 'other-tenant') {
      findings.push({
        ...base,
        code: 'client-not-joined',
        severity: 'error',
        target: CLIENT_TARGET,
        message:
          fit.fit === 'none'
            ? `The client PC is ${describeJoin(fit.join)}: password/Windows Hello RDP to an Entra-joined VM needs a client Entra joined or hybrid joined to the same tenant, or Entra registered (then sign in as AzureAD\\user@domain). RDP fails with "Your credentials did not work".`
            : `The client PC is joined to tenant ${fit.tenantId}, not ${snapshot.tenantId}: RDP fails with "Your credentials did not work".`,
        remediation:
          'Join the PC to Entra ID (Settings > Accounts > Access work or school), or connect with a web account (rdp-web-account), which works from any Windows client.',
      });
    }
  }
  const build = client?.osBuild ? parseWindowsBuild(client.osBuild) : undefined;
  const windows = osTypes(snapshot, answers).includes('Windows');
  if (build && windows) {
    const problems: string[] = [];
    if (answers.connections.some((c) => WEB_ACCOUNT_CLIENT.includes(c))) {
      const v = webAccountRdpSupport(build);
      if (!v.supported) problems.push(`web-account RDP needs ${v.requirement}`);
    }
    if (answers.connections.includes('rdp-password') && client) {
      const registered =
        hasJoinFacts(client) && clientTenantFit(client, snapshot.tenantId).fit.startsWith('registered');
      const v = passwordRdpClientSupport(build, registered);
      if (!v.supported) problems.push(`password RDP needs ${v.requirement}`);
    }
    if (problems.length > 0) {
      findings.push({
        ...base,
        code: 'client-os-too-old',
        severity: 'error',
        target: CLIENT_TARGET,
        message: `The client PC runs Windows ${formatBuild(build)}: ${problems.join('; ')}.`,
        remediation: 'Install the latest cumulative update on the client PC (Windows Update), then check with `ver`.',
      });
    }
  }
  if ((answers.whfbTrust === 'key' || answers.whfbTrust === 'cloud-kerberos') && mfaOnPassword) {
    findings.push({
      ...base,
      code: 'whfb-key-trust',
      severity: 'warning',
      target: CLIENT_TARGET,
      message: `Windows Hello for Business ${answers.whfbTrust} trust has no certificate in the WHfB container, and RDP needs one to present WHfB as a smart card: with MFA required on Azure Windows VM Sign-In, password RDP fails with "The sign-in method you're trying to use isn't allowed". (Microsoft's docs contradict each other on key trust, MicrosoftDocs/entra-docs#689; the RDP sign-in article requires a certificate.)`,
      remediation:
        'Deploy a WHfB authentication certificate (AD CS or Intune SCEP/PKCS to the Microsoft Passport Key Storage Provider), or connect with a web account (rdp-web-account) instead.',
    });
  }
  return findings;
}
