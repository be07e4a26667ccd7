/** Turns the choice flags of `plan` and `doctor` into validated Answers (src/plan/answers.ts). */
import { validateCaAnswers } from '../../steps/conditional-access/rules';
import { mentionsManagementGroup } from '../core/scopes';
import { UserError } from '../errors';
import { type Answers, type AnswersInput, answersSchema } from '../plan/answers';
import type { GlobalOptions } from '../workflows/io';

export interface ChoiceOptions {
  vm?: string[];
  resourceGroup?: string[];
  tag?: string[];
  admin?: string[];
  user?: string[];
  scope?: AnswersInput['scope'];
  connection?: AnswersInput['connections'];
  ca?: AnswersInput['ca'];
  caState?: AnswersInput['caState'];
  caPolicy?: string;
  exclude?: string[];
  /** Commander's negatable flag: false when `--no-break-glass-ok` was given. */
  breakGlassOk?: boolean;
  keepPerUserMfa?: boolean;
  disableSecurityDefaults?: boolean;
  baselineUserMfa?: AnswersInput['baselineUserMfa'];
  withoutBaselineUnprotectedOk?: boolean;
  intune?: boolean;
  removeStaleDevices?: boolean;
  startStoppedVms?: boolean;
  whfbTrust?: AnswersInput['whfbTrust'];
  clientBuild?: string;
  dsregcmd?: string;
  /** `--include-arc` / `--no-include-arc`; unset when neither was given. */
  includeArc?: boolean;
  clientCompliant?: AnswersInput['clientCompliant'];
}

export function answersFromOptions(opts: ChoiceOptions, globals: GlobalOptions): Answers {
  for (const vm of opts.vm ?? []) {
    if (
      vm.startsWith('/') &&
      !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i.test(
        vm,
      )
    ) {
      if (mentionsManagementGroup(vm)) {
        throw new UserError(
          'bad-input',
          `'${vm}' is a management group: VM login roles are assigned at a VM, resource group or subscription`,
          'Use --scope subscription (or resource-group, vm) with the VMs selected by --vm or --resource-group.',
        );
      }
      throw new UserError(
        'bad-input',
        `'${vm}' is not a VM resource id`,
        'Expected /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachines/<name>, a name, or rg/name.',
      );
    }
  }
  const input: AnswersInput = {
    subscriptions: globals.subscription,
    vms: opts.vm ?? [],
    resourceGroups: opts.resourceGroup ?? [],
    tags: opts.tag ?? [],
    admins: opts.admin ?? [],
    users: opts.user ?? [],
    scope: opts.scope,
    connections: opts.connection && opts.connection.length > 0 ? [...new Set(opts.connection)] : undefined,
    ca: opts.ca,
    caState: opts.caState,
    exclude: opts.exclude ?? [],
    breakGlassOk: opts.breakGlassOk === false,
    caPolicyId: opts.caPolicy,
    disablePerUserMfa: !opts.keepPerUserMfa,
    disableSecurityDefaults: Boolean(opts.disableSecurityDefaults),
    baselineUserMfa: opts.baselineUserMfa,
    withoutBaselineOk: Boolean(opts.withoutBaselineUnprotectedOk),
    intune: Boolean(opts.intune),
    removeStaleDevices: Boolean(opts.removeStaleDevices),
    startStoppedVms: Boolean(opts.startStoppedVms),
    whfbTrust: opts.whfbTrust,
    clientOsBuild: opts.clientBuild,
    dsregcmdFile: opts.dsregcmd,
    clientCompliant: opts.clientCompliant,
    includeArc: opts.includeArc,
  };
  validateCaAnswers(input);
  const parsed = answersSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('bad-input', `invalid choice ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
