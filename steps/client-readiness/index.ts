/**
 * Step 6: client readiness. Reads the selected users' registered authentication methods and, when the admin
 * supplies them, the client PC's `dsregcmd /status` output and Windows build; says whether users can satisfy
 * what Conditional Access requires and whether the client can use the chosen connection method. Plans nothing:
 * the summary writes an .rdp file locally (src/checks/rdp-file.ts).
 */

import { readFile } from 'node:fs/promises';
import { satisfiesRequirement } from '../../src/checks/auth-methods';
import { appsForConnection, type CaRequirement, clientAppTypeFor, evaluateCaForApps } from '../../src/checks/ca-evaluator';
import { clientTenantFit, describeJoin, hasJoinFacts, parseDsregcmd } from '../../src/checks/dsregcmd';
import {
  formatBuild,
  parseWindowsBuild,
  passwordRdpClientSupport,
  webAccountRdpSupport,
} from '../../src/checks/windows-build';
import { isUserError, UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { ClientFacts, PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import type { ConnectionMethod, FindingDraft } from '../../src/plan/types';
import { subjectOf } from '../conditional-access/coverage';
import { ensurePrincipals } from '../shared/principals';
import { osTypes, selectedUsers, userTarget, wantedRequirement } from '../shared/sign-in-subjects';
import type { DiscoverContext, StepModule } from '../shared/contract';

const CLIENT_TARGET = 'client';
const WEB_ACCOUNT_CLIENT: ConnectionMethod[] = ['rdp-web-account', 'bastion-native'];

/** dsregcmd output saved by PowerShell 5 (`>`) is UTF-16LE with a BOM; cmd.exe writes the OEM code page. */
function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  return buf.toString('utf8');
}

export async function readClientFacts(
  answers: Pick<Answers, 'dsregcmdFile' | 'clientOsBuild' | 'clientCompliant'>,
): Promise<ClientFacts | undefined> {
  let facts: ClientFacts | undefined;
  if (answers.dsregcmdFile) {
    const file = answers.dsregcmdFile;
    const buf = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw new UserError(
        'bad-input',
        `cannot read ${file} (${e.code ?? e.message})`,
        'Check the path given to --dsregcmd.',
      );
    });
    const parsed = parseDsregcmd(decode(buf));
    if (!parsed) {
      throw new UserError(
        'bad-input',
        `${file} is not the output of dsregcmd /status`,
        'On the client PC, as the signed-in user (not elevated), run: dsregcmd /status > dsregcmd.txt',
      );
    }
    facts = parsed.facts;
  }
  if (answers.clientOsBuild) {
    const build = parseWindowsBuild(answers.clientOsBuild);
    if (!build) {
      throw new UserError(
        'bad-input',
        `'${answers.clientOsBuild}' is not a Windows build`,
        'Give it as 10.0.22621.674, 22621.674 or the output of `ver`.',
      );
    }
    facts = { ...facts, osBuild: formatBuild(build) };
  }
  if (answers.clientCompliant === 'yes' || answers.clientCompliant === 'no') {
    facts = { ...facts, compliant: answers.clientCompliant === 'yes' };
  }
  return facts;
}

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

function assess(snapshot: Snapshot, answers: Answers): FindingDraft[] {
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

/**
 * Where the client PC is a registered Entra device (dsregcmd printed its DeviceId) and the admin did not say
 * whether it is compliant, Graph's `device.isCompliant` says; without Device.Read.All it stays unknown.
 */
async function withGraphCompliance(ctx: DiscoverContext, client: ClientFacts): Promise<ClientFacts> {
  const find = ctx.gateway.graph.findDeviceById;
  if (client.compliant !== undefined || !client.deviceId || !find) return client;
  const device = await find.call(ctx.gateway.graph, client.deviceId).catch((e: unknown) => {
    if (isUserError(e) && e.code === 'forbidden') {
      ctx.progress(`The client device could not be read (${e.message}); its compliance is unknown.`);
      return undefined;
    }
    throw e;
  });
  return device?.isCompliant === undefined ? client : { ...client, compliant: device.isCompliant };
}

export const clientReadinessStep: StepModule = {
  id: 'client-readiness',
  title: 'Client readiness',
  async discover(ctx) {
    ctx.progress('Reading registered authentication methods and the client PC…');
    const authMethods = async () => {
      await ensurePrincipals(ctx);
      const userIds = selectedUsers(ctx.snapshot, ctx.answers).map((u) => u.id);
      return userIds.length === 0
        ? {}
        : ctx.gateway.graph.getAuthMethods(userIds).catch((e: unknown) => {
            // Reading methods needs UserAuthenticationMethod.Read.All; without it the check is skipped, not fatal.
            if (isUserError(e) && e.code === 'forbidden') {
              ctx.progress(`Authentication methods could not be read (${e.message}); they are not checked.`);
              return {};
            }
            throw e;
          });
    };
    const [methods, client] = await Promise.all([authMethods(), readClientFacts(ctx.answers)]);
    ctx.snapshot.authMethods = { ...ctx.snapshot.authMethods, ...methods };
    if (client) ctx.snapshot.client = await withGraphCompliance(ctx, client);
  },
  assess,
  plan: () => [],
  handlers: {},
};

export default clientReadinessStep;
