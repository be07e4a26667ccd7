/**
 * `doctor`: why does one user's sign-in to one VM fail, or not prompt for MFA? Pure: it runs every step's
 * assess and plan on a snapshot discovered for that VM and user, keeps what concerns them, and predicts the
 * outcome per connection method. The CLI prints the report and turns `drafts` into a plan with assemblePlan.
 *
 * Connection methods: the one asked for, else both RDP flows for Windows (ssh for Linux) plus any other chosen
 * method that can reach the VM's OS (Bastion only when chosen: it needs its own setup). The answers used for
 * assess/plan carry the same methods (so a remediation policy targets every app those methods sign in to) and
 * include the user among the users, so per-user checks run for them.
 */
import { STEPS } from '../../steps/registry';
import { methodFitsOs } from '../checks/ca-evaluator';
import { type ConnectionHint, connectionHint } from '../checks/rdp-file';
import { predictOutcome, type SignInPrediction } from '../checks/signin-outcome';
import { UserError } from '../errors';
import type { Answers } from '../plan/answers';
import { sameId, scopeCovers } from '../plan/ids';
import type { PrincipalFacts, Snapshot, VmFacts } from '../plan/snapshot';
import { type ActionDraft, CONNECTION_METHODS, type ConnectionMethod, type FindingDraft } from '../plan/types';
import { readFailedFindings } from '../plan/unread';

export interface DoctorInput {
  snapshot: Snapshot;
  answers: Answers;
  /** Resource id, `resourceGroup/name` or name of a VM in the snapshot. */
  vmId: string;
  /** The user's ref as typed (a key of `snapshot.principals`), UPN or object id. */
  userRef: string;
  method?: ConnectionMethod;
  /** The name the user connects to and the username typed, when the admin knows them. */
  hostname?: string;
  username?: string;
}

export interface DoctorReport {
  vm: VmFacts;
  user: PrincipalFacts;
  /** The methods examined, in CONNECTION_METHODS order. */
  methods: ConnectionMethod[];
  findings: FindingDraft[];
  outcomes: SignInPrediction[];
  hints: ConnectionHint[];
  /** Remediation drafts for this VM and user, with the drafts they depend on. */
  drafts: ActionDraft[];
  /** The answers assess and plan ran with: store these in the remediation plan. */
  answers: Answers;
  /** The snapshot the prediction ran on (the user included among the principals). */
  snapshot: Snapshot;
}

function findVm(snapshot: Snapshot, ref: string): VmFacts {
  const r = ref.toLowerCase();
  const vm = snapshot.vms.find(
    (v) => sameId(v.id, ref) || v.name.toLowerCase() === r || `${v.resourceGroup}/${v.name}`.toLowerCase() === r,
  );
  if (!vm)
    throw new UserError('bad-input', `VM ${ref} was not found`, 'Give its name, resourceGroup/name or resource id.');
  return vm;
}

function findUser(snapshot: Snapshot, ref: string): PrincipalFacts {
  const r = ref.toLowerCase();
  const user =
    snapshot.principals[ref] ??
    Object.values(snapshot.principals).find(
      (p) => p.id.toLowerCase() === r || p.userPrincipalName?.toLowerCase() === r,
    );
  if (!user) throw new UserError('bad-input', `user ${ref} was not found in the directory`, 'Give a UPN or object id.');
  if (user.kind !== 'user') {
    throw new UserError(
      'bad-input',
      `${ref} is a ${user.kind}, not a user`,
      'Give one user: doctor predicts one sign-in.',
    );
  }
  return user;
}

/** Drops what is about another VM or another principal; keeps tenant-wide and policy-level items. */
function concerns(target: string, params: Record<string, unknown> | undefined, vm: VmFacts, user: PrincipalFacts) {
  const t = target.toLowerCase();
  if (t.includes('/providers/microsoft.compute/virtualmachines/') && !scopeCovers(vm.id, target)) return false;
  const mine = new Set([user.id, ...user.memberOf].map((x) => x.toLowerCase()));
  const principal = /^graph:\/(users|groups)\/([^/]+)/.exec(t)?.[2];
  if (principal && !mine.has(principal)) return false;
  for (const key of ['principalId', 'userId']) {
    const v = params?.[key];
    if (typeof v === 'string' && !mine.has(v.toLowerCase())) return false;
  }
  return true;
}

export function buildDoctorReport(input: DoctorInput): DoctorReport {
  const { snapshot } = input;
  const vm = findVm(snapshot, input.vmId);
  const user = findUser(snapshot, input.userRef);
  const direct: ConnectionMethod[] = vm.osType === 'Windows' ? ['rdp-web-account', 'rdp-password'] : ['ssh'];
  const methods = input.method
    ? [input.method]
    : CONNECTION_METHODS.filter(
        (m) => methodFitsOs(m, vm.osType) && (direct.includes(m) || input.answers.connections.includes(m)),
      );
  const chosen = [...input.answers.admins, ...input.answers.users];
  const isChosen = chosen.some((r) => snapshot.principals[r]?.id === user.id);
  const answers: Answers = {
    ...input.answers,
    connections: methods,
    users: isChosen ? input.answers.users : [...input.answers.users, input.userRef],
  };
  const view: Snapshot = { ...snapshot, principals: { ...snapshot.principals, [input.userRef]: user } };

  const evaluated = STEPS.steps.map((s) => STEPS.evaluate(s, view, answers));
  const allFindings = evaluated.flatMap((o) => o.findings);
  const allDrafts = evaluated.flatMap((o) => o.drafts);
  // Discovery read for this VM and user only, so every fact it could not read bears on them.
  const findings = [...allFindings.filter((f) => concerns(f.target, undefined, vm, user)), ...readFailedFindings(view)];
  const wanted = new Set(findings.flatMap((f) => f.fixedBy));
  for (const d of allDrafts) if (concerns(d.target, d.params, vm, user)) wanted.add(d.key);
  // Keep each kept draft's prerequisites, transitively.
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of allDrafts) {
      if (!wanted.has(d.key)) continue;
      for (const k of d.dependsOn) {
        if (wanted.has(k)) continue;
        wanted.add(k);
        grew = true;
      }
    }
  }
  const drafts = allDrafts.filter((d) => wanted.has(d.key));
  const outcomes = methods.map((method) =>
    predictOutcome({ snapshot: view, answers, vm, user, method, hostname: input.hostname, username: input.username }),
  );
  const vnets = new Set(vm.nicIds.map((n) => snapshot.nics[n]?.vnetId?.toLowerCase()).filter(Boolean));
  const reachable = (vnetId: string) =>
    vnets.has(vnetId.toLowerCase()) ||
    (snapshot.vnets[vnetId]?.peeredVnetIds ?? []).some((p) => vnets.has(p.toLowerCase()));
  const bastion = snapshot.bastions.find((b) => reachable(b.vnetId)) ?? snapshot.bastions[0];
  const hints = methods.map((m) => connectionHint(vm, m, bastion, snapshot.cloud));
  return { vm, user, methods, findings, outcomes, hints, drafts, answers, snapshot: view };
}
