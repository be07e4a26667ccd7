/**
 * Whether a plan reaches the goal (MFA enforced for the selected users on the selected VMs) once applied, in the
 * words the text and Markdown headlines and `plan --detailed-exitcode` share. Pure.
 *
 * The goal is not reached when an error finding remains that no planned action fixes; it is not yet enforced
 * when the only policy that would require MFA stays report-only.
 */

import type { Answers } from './answers';
import { FINDING_CODE_INFO } from './glyphs-and-wording';
import type { Action, Finding, Plan } from './types';

export interface GoalStatus {
  /** No error finding is left without a planned fix. */
  reached: boolean;
  /** "MFA will not be enforced for 2 users: …", when not reached. */
  headline?: string;
  /** When MFA stays report-only: for whom, why, and the one command that enforces it. */
  notEnforced?: string;
  /** The same, in parts, for screens that lay them out on their own lines. */
  enforce?: { who: string; why: string; command: string; review: string };
}

/** Facts that could not be read are reported on their own; they do not decide the goal. */
const blocking = (f: Finding) => f.severity === 'error' && f.fixedBy.length === 0 && f.code !== 'read-failed';

const USER_TARGET = /^graph:\/users\/([^/]+)/i;

function usersOf(findings: readonly Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    const m = USER_TARGET.exec(f.target);
    if (m) out.add(m[1]!.toLowerCase());
  }
  return out;
}

const quote = (s: string) => (/^[\w@.:/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The `plan` command that asks for the same selection with the policy on, then applies it. */
export function enforceCommand(answers: Answers): string {
  const args = [
    ...answers.vms.flatMap((v) => ['--vm', v]),
    ...answers.resourceGroups.flatMap((g) => ['--resource-group', g]),
    ...answers.tags.flatMap((t) => ['--tag', t]),
    ...answers.admins.flatMap((a) => ['--admin', a]),
    ...answers.users.flatMap((u) => ['--user', u]),
    ...answers.exclude.flatMap((e) => ['--exclude', e]),
    ...(answers.exclude.length === 0 ? ['--exclude', '<break-glass account>'] : []),
    ...answers.connections.flatMap((c) => ['--connection', c]),
    ...(answers.ca !== 'mfa' ? ['--ca', answers.ca] : []),
    ...(answers.disableSecurityDefaults ? ['--disable-security-defaults'] : []),
    '--ca-state',
    'on',
  ];
  return `entra-vm-login plan ${args.map(quote).join(' ')} --out plan.json && entra-vm-login apply plan.json`;
}

/** The display name of the VM policy this plan creates report-only, if it does. */
function reportOnlyVmPolicy(actions: readonly Action[]): string | undefined {
  for (const a of actions) {
    if (a.kind !== 'create-ca-policy') continue;
    const body = a.params.body as { state?: string; displayName?: string } | undefined;
    if (body?.state === 'enabledForReportingButNotEnforced') return body.displayName ?? 'the VM policy';
  }
  return undefined;
}

/** The policies a `ca-report-only` finding no planned change fixes names (`Policy "X" would require …`). */
function reportOnlyLeft(findings: readonly Finding[]): string[] {
  const names = findings
    .filter((f) => f.code === 'ca-report-only' && f.fixedBy.length === 0)
    .map((f) => /^Policy "(.*?)" would require/.exec(f.message)?.[1])
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}

export function goalStatus(plan: Pick<Plan, 'actions' | 'findings'> & { answers?: Answers }): GoalStatus {
  const left = plan.findings.filter(blocking);
  const status: GoalStatus = { reached: left.length === 0 };
  if (left.length > 0) {
    const users = usersOf(left).size;
    const reasons = [...new Set(left.map((f) => FINDING_CODE_INFO[f.code].title))];
    const whom = users > 0 ? ` for ${users} ${users === 1 ? 'user' : 'users'}` : '';
    status.headline = `MFA will not be enforced${whom}: ${reasons.join('; ')} (${left.length} ${left.length === 1 ? 'error' : 'errors'} no planned change fixes).`;
  }
  const answers = plan.answers;
  if (answers && answers.ca !== 'none' && answers.caState !== 'on') {
    const created = reportOnlyVmPolicy(plan.actions);
    const left = reportOnlyLeft(plan.findings);
    const why = created
      ? `the VM policy "${created}" is created report-only`
      : left.length > 0
        ? `${left.map((n) => `"${n}"`).join(', ')} ${left.length === 1 ? 'is' : 'are'} report-only`
        : undefined;
    if (why) {
      const who =
        answers.admins.length + answers.users.length > 0
          ? [...answers.admins, ...answers.users].join(', ')
          : 'everyone signing in to the VMs';
      const command = enforceCommand(answers);
      // The wizard takes no choice flags: turning the policy on is a choice there, or this one `plan` command.
      const review =
        'Check its report-only results in the sign-in logs first (entra-vm-login review-policy), then turn it on: run the wizard again and choose "on", or run:';
      status.enforce = { who, why: `${why} (it logs, never prompts)`, command, review };
      status.notEnforced = `MFA is not yet enforced for ${who}: ${status.enforce.why}. To enforce it (keeping a break-glass account excluded): ${command}`;
    }
  }
  return status;
}
