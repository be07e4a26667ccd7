/**
 * The command line: one commander program with the wizard as the default command. Parsing errors
 * become one line naming the option and the fix, exit 2. Command modules are imported lazily so that `--help`
 * and the wizard's first frame do not pay for the Azure SDKs.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { closeMatches } from '../../steps/vm-selection/selectors';
import { SCENARIO_NAMES } from '../emulator/scenarios/names';
import { CA_STRENGTHS, CLIENT_COMPLIANCE, ROLE_SCOPES, WHFB_TRUSTS } from '../plan/answers';
import { EXTERNAL_USER_KINDS } from '../plan/snapshot';
import { CLOUD_NAMES, CONNECTION_METHODS } from '../plan/types';
import type { CliIO, GlobalOptions } from '../workflows/io';
import { guid, guidList, intInRange, list, oneOf, oneOfList, sinceDuration, tagList } from './validate';
import { DEVICE_STATES } from './what-if-options';

export const VERSION = '0.1.0';

/** The choices of `plan`; `doctor` takes the same but names exactly one VM and one user itself. */
function addChoiceOptions(cmd: Command, selection: 'many' | 'doctor' = 'many'): Command {
  if (selection === 'many') {
    cmd
      .option('--vm <selector>', 'VM name, resourceGroup/name or resource id (repeatable)', list)
      .option('--resource-group <name>', 'select every VM in a resource group (repeatable)', list)
      .option('--tag <key=value>', 'select VMs with this tag (repeatable; all must match)', tagList)
      .option('--all', 'select every VM of every subscription searched (all you can read, or --subscription)')
      .option('--admin <principal>', 'UPN, object id or group name for Virtual Machine Administrator Login', list)
      .option('--user <principal>', 'UPN, object id or group name for Virtual Machine User Login', list);
  }
  return cmd
    .option('--include-arc', 'include Azure Arc-enabled servers (the default wherever any exist)')
    .option('--no-include-arc', 'leave Azure Arc-enabled servers out of the selection')
    .addOption(new Option('--scope <scope>', 'where login roles are assigned').argParser(oneOf(ROLE_SCOPES)))
    .option(
      '--connection <method>',
      `how users connect: ${CONNECTION_METHODS.join(', ')} (repeatable)`,
      oneOfList(CONNECTION_METHODS),
    )
    .addOption(
      new Option('--ca <strength>', `Conditional Access grant: ${CA_STRENGTHS.join(', ')}`).argParser(
        oneOf(CA_STRENGTHS),
      ),
    )
    .addOption(
      new Option('--ca-state <state>', 'create the policy report-only (default) or on').argParser(
        oneOf(['report-only', 'on'] as const),
      ),
    )
    .option('--ca-policy <id>', 'update this existing Conditional Access policy instead of creating one', guid)
    .option('--exclude <principal>', 'break-glass account to exclude from the policy (repeatable)', list)
    .option('--no-break-glass-ok', 'acknowledge turning a policy on with no break-glass exclusion')
    .option('--keep-per-user-mfa', 'do not plan to disable legacy per-user MFA')
    .option(
      '--disable-security-defaults',
      "plan to replace security defaults (tenant-wide) with the tool's baseline Conditional Access policies",
    )
    .addOption(
      new Option(
        '--baseline-user-mfa <who>',
        'the baseline also requires MFA of every user on every app (all, default) or not (none)',
      ).argParser(oneOf(['all', 'none'] as const)),
    )
    .option(
      '--without-baseline-unprotected-ok',
      'turn security defaults off without the baseline: nothing requires MFA or blocks legacy authentication until you add policies',
    )
    .option(
      '--remove-stale-devices',
      "delete an Entra device that holds a Windows VM's host name but is provably not its own join (Cloud Device Administrator)",
    )
    .option(
      '--start-stopped-vms',
      'start a deallocated or stopped VM whose extension needs installing (it bills compute from then on; Virtual Machine Contributor)',
    )
    .option('--intune', 'enroll Windows client VMs in Intune through the extension (mdmId)')
    .addOption(
      new Option('--whfb-trust <model>', `Windows Hello for Business trust model: ${WHFB_TRUSTS.join(', ')}`).argParser(
        oneOf(WHFB_TRUSTS),
      ),
    )
    .option('--client-build <build>', "the client PC's Windows build, e.g. 10.0.22621.674")
    .option('--dsregcmd <file>', "a saved 'dsregcmd /status' output of the client PC")
    .addOption(
      new Option(
        '--client-compliant <state>',
        'whether Intune reports the client PC compliant: yes, no, unknown',
      ).argParser(oneOf(CLIENT_COMPLIANCE)),
    );
}

export function buildProgram(io: CliIO, onAction: (run: () => Promise<number>) => void): Command {
  const program = new Command('entra-vm-login');
  program
    .description(
      'Take Azure VMs to Microsoft Entra ID sign-in with Conditional Access MFA, and explain why it fails when it does.',
    )
    .version(VERSION, '-V, --version')
    .option('--demo', 'use the built-in simulated tenant (no Azure account needed)')
    .addOption(new Option('--cloud <name>', `Azure cloud: ${CLOUD_NAMES.join(', ')}`).argParser(oneOf(CLOUD_NAMES)))
    .option('--tenant <id>', 'Entra tenant id', guid)
    .option('--subscription <id>', 'subscription id (repeatable)', guidList)
    .option('--client-id <id>', 'app registration to sign in to Microsoft Graph with', guid)
    .option('--device-code', 'sign in with a device code instead of a browser')
    .option('--no-color', 'plain output without colours (NO_COLOR is honoured too)')
    .option(
      '--request-timeout <seconds>',
      'give up on a request that has not answered after this many seconds (default 30)',
      intInRange(1, 600),
    )
    .showSuggestionAfterError(true)
    // `plan --help` lists --cloud, --tenant and --subscription too: they apply to every command.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Commander's own error lines are replaced by ours in cli.ts; help still goes to stdout.
      writeErr: () => {},
    })
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login --demo                      the wizard on a simulated tenant
  $ entra-vm-login                             the wizard on your tenant (signs in like az)
  $ entra-vm-login plan --vm vm-web-01 --admin alice@contoso.com --out plan.json
  $ entra-vm-login apply plan.json
  $ entra-vm-login doctor --vm vm-web-01 --user bob@contoso.com`,
    )
    .usage('[options] [command]')
    .argument(
      '[command]',
      'plan, apply, doctor, what-if, review-policy, enforce, permissions or emulator; none starts the wizard',
    )
    .action(async (word: string | undefined) => {
      if (word !== undefined) throw unknownCommand(word, program);
      onAction(async () => (await import('./wizard')).runWizardCommand(globals(program), io));
    });

  addChoiceOptions(
    program
      .command('plan')
      .description('discover and show what would change (read-only)')
      .option('--json', 'print the plan as JSON (the plan file format)')
      .option('--markdown', 'print the plan as a change-review document')
      .option('--out <file>', 'write the plan file here, for apply')
      .option('--sign', "sign the plan with this machine's plan signing key (made on first use)")
      .option(
        '--detailed-exitcode',
        'exit 0 when nothing is left to do, 4 when changes are pending, 5 when MFA will not be enforced even after them',
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login plan --vm rg-prod/vm-web-01 --user vm-users --connection rdp-web-account --out plan.json
  $ entra-vm-login plan --resource-group rg-prod --admin alice@contoso.com --ca phishing-resistant --markdown
  $ entra-vm-login plan --demo --vm vm-web-01 --user bob@contoso.com --json`,
    )
    .action(async (opts, cmd: Command) => {
      if (opts.json && opts.markdown) throw conflicting('--json', '--markdown');
      onAction(async () => (await import('./plan')).runPlanCommand({ ...globals(cmd), ...opts }, io));
    });

  program
    .command('apply')
    .description('re-check a saved plan, then make its changes (resumable)')
    .argument('<plan-file>', 'a plan written by `plan --out`')
    .option('--yes', 'do not ask for confirmation')
    .option('--parallelism <n>', 'actions at once (1-32)', intInRange(1, 32), 8)
    .option('--require-signature', "refuse a plan not signed with this machine's plan signing key (plan --sign)")
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login apply plan.json             shows the plan, asks, then applies
  $ entra-vm-login apply plan.json --yes       for automation
  $ entra-vm-login apply plan.json --require-signature   only a plan signed here with plan --sign
Running apply again on the same plan resumes where it stopped. One apply of a plan runs at a time.`,
    )
    .action(async (file: string, opts, cmd: Command) => {
      onAction(async () => (await import('./apply')).runApplyCommand(file, { ...globals(cmd), ...opts }, io));
    });

  addChoiceOptions(
    program
      .command('doctor')
      .description('explain why sign-in fails or does not prompt for MFA, for one VM and user (read-only)')
      .requiredOption('--vm <selector>', 'the VM: name, resourceGroup/name or resource id', single('--vm'))
      .requiredOption('--user <upn>', 'the user who signs in: UPN or object id', single('--user'))
      .option('--json', 'print the report as JSON')
      .option('--out <file>', 'write the remediation plan here, for apply')
      .option('--since <window>', 'how far back to read sign-in evidence: 7d (default), 24h, up to 30d', sinceDuration),
    'doctor',
  )
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login doctor --vm vm-web-01 --user bob@contoso.com
  $ entra-vm-login doctor --vm vm-web-01 --user bob@contoso.com --dsregcmd dsregcmd.txt --connection rdp-password
  $ entra-vm-login doctor --vm vm-web-01 --user bob@contoso.com --out fix.json && entra-vm-login apply fix.json`,
    )
    .action(async (opts, cmd: Command) => {
      onAction(async () => (await import('./doctor')).runDoctorCommand({ ...globals(cmd), ...opts }, io));
    });

  program
    .command('what-if')
    .description('which Conditional Access policies apply to one sign-in, and what they decide (read-only)')
    .option(
      '--policies <file>',
      'policies exported from GET /identity/conditionalAccess/policies (or one policy); without it, the tenant is read',
    )
    .requiredOption('--user <upn|id>', 'the user who signs in', single('--user'))
    .option('--groups <ids>', "the user's group object ids (repeatable)", list)
    .option('--roles <ids>', "the user's directory role template ids (repeatable)", list)
    .addOption(
      new Option('--guest-kind <kind>', `an external user: ${EXTERNAL_USER_KINDS.join(', ')}`).argParser(
        oneOf(EXTERNAL_USER_KINDS),
      ),
    )
    .option('--home-tenant <id>', "an external user's home tenant id", guid)
    .option('--app <appId>', 'the app signed in to', guid)
    .addOption(
      new Option('--connection <method>', `or the connection method: ${CONNECTION_METHODS.join(', ')}`).argParser(
        oneOf(CONNECTION_METHODS),
      ),
    )
    .addOption(
      new Option('--os <os>', 'the VM OS for --connection: windows or linux').argParser(
        oneOf(['windows', 'linux'] as const),
      ),
    )
    .addOption(
      new Option('--client-app-type <type>', 'browser or mobileAppsAndDesktopClients').argParser(
        oneOf(['browser', 'mobileAppsAndDesktopClients'] as const),
      ),
    )
    .addOption(
      new Option('--device <state>', `the client device: ${DEVICE_STATES.join(', ')}`).argParser(oneOf(DEVICE_STATES)),
    )
    .option('--methods <list>', 'registered methods (userRegistrationDetails.methodsRegistered values)', list)
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login what-if --policies policies.json --user 6e0c…-user-id --groups 4f1d…-group-id --connection rdp-web-account
  $ entra-vm-login what-if --policies policies.json --user pat@fabrikam.com --guest-kind b2bCollaborationGuest --device none
  $ entra-vm-login what-if --demo --user bob@contoso.com --connection bastion-portal --json`,
    )
    .action(async (opts, cmd: Command) => {
      onAction(async () => (await import('./what-if')).runWhatIfCommand({ ...globals(cmd), ...opts }, io));
    });

  program
    .command('review-policy')
    .description("summarise a Conditional Access policy's results over real sign-ins before turning it on (read-only)")
    .argument('<policy>', 'the policy id or display name')
    .option('--since <window>', 'how far back to read sign-ins: 7d (default), 24h, up to 30d', sinceDuration)
    .option('--json', 'print the review as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login review-policy "Require MFA for VM sign-in (pilot)"
  $ entra-vm-login review-policy ea7d1623-2892-40b5-839e-e1a07176d5a7 --since 30d --json
It reads the sign-in logs (AuditLog.Read.All, an Entra ID P1 licence) and writes nothing.`,
    )
    .action(async (policy: string, opts, cmd: Command) => {
      onAction(async () =>
        (await import('./review-policy')).runReviewPolicyCommand(policy, { ...globals(cmd), ...opts }, io),
      );
    });

  program
    .command('permissions')
    .description('print the Azure roles and Graph permissions plan, doctor and apply need (no sign-in)')
    .option('--json', 'print them as JSON, with a custom role definition for `az role definition create`')
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login permissions
  $ entra-vm-login permissions --json --subscription <id> | jq .readOnly.roleDefinition > role.json
  $ az role definition create --role-definition @role.json`,
    )
    .action(async (opts, cmd: Command) => {
      onAction(async () => (await import('./permissions')).runPermissionsCommand({ ...globals(cmd), ...opts }, io));
    });

  program
    .command('enforce')
    .description('keep every VM at a scope configured through Azure Policy, or report its compliance')
    .requiredOption(
      '--scope <id>',
      'management group (/providers/Microsoft.Management/managementGroups/<id>), subscription id, or /subscriptions/<id>/resourceGroups/<name>',
    )
    .option('--audit', 'assign an AuditIfNotExists policy that only reports VMs without Entra sign-in')
    .option('--status', 'show the compliance summary of the assignments at the scope (read-only)')
    .option('--location <region>', "region of the assignments' managed identities (default: where the VMs are)")
    .option('--json', 'print the plan (or with --status, the compliance report) as JSON')
    .option('--markdown', 'print the plan as a change-review document')
    .option('--out <file>', 'write the plan file here, for apply')
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login enforce --scope 00000000-0000-0000-0000-000000000000 --out enforce.json && entra-vm-login apply enforce.json
  $ entra-vm-login enforce --scope /providers/Microsoft.Management/managementGroups/corp --audit --markdown
  $ entra-vm-login enforce --scope /subscriptions/00000000-0000-0000-0000-000000000000 --status`,
    )
    .action(async (opts, cmd: Command) => {
      if (opts.json && opts.markdown) throw conflicting('--json', '--markdown');
      if (opts.status && (opts.markdown || opts.out)) throw conflicting('--status', opts.out ? '--out' : '--markdown');
      onAction(async () => (await import('./enforce')).runEnforceCommand({ ...globals(cmd), ...opts }, io));
    });

  program
    .command('emulator')
    .description('serve the simulated tenant (ARM + Microsoft Graph) on loopback')
    .option('--port <n>', 'port (default: a free one)', intInRange(0, 65535), 0)
    .option(
      '--scenario <name>',
      'demo, clean, fleet, partial (some context unreadable), hostile (names and errors that attack the tool) or why-no-mfa-<cause> (one tenant per reason MFA is not prompted)',
      oneOf(SCENARIO_NAMES),
      'demo',
    )
    .option('--vms <n>', 'generate a fleet of N VMs', intInRange(1, 100000))
    .option(
      '--grants-per-vm',
      "with --vms: the fleet's user group holds VM User Login on each VM, one assignment per VM",
    )
    .option('--latency <ms>', 'added latency per request', intInRange(0, 60000), 0)
    .option('--faults <spec>', 'inject faults, e.g. 429=0.1:retry-after=1,503=0.05,drop=0.02')
    .option('--install-ms <ms>', 'how long an extension install takes (default 1500)', intInRange(0, 600000))
    .option('--page-size <n>', 'items per page of ARM and Graph listings', intInRange(1, 1000), 100)
    .option('--no-tls', 'serve plain http (loopback only)')
    .addHelpText(
      'after',
      `
Examples:
  $ entra-vm-login emulator --scenario demo
  $ entra-vm-login emulator --scenario clean --port 8443   then paste the printed export lines in another shell
  $ entra-vm-login emulator --vms 5000 --latency 50`,
    )
    .action(async (opts, cmd: Command) => {
      onAction(async () => (await import('./emulator')).runEmulatorCommand({ ...globals(cmd), ...opts }, io));
    });

  return program;
}

function globals(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals();
  return {
    demo: Boolean(o.demo),
    cloud: o.cloud,
    tenant: o.tenant,
    subscription: o.subscription ?? [],
    clientId: o.clientId,
    deviceCode: Boolean(o.deviceCode),
    color: o.color !== false,
    requestTimeoutMs: typeof o.requestTimeout === 'number' ? o.requestTimeout * 1000 : undefined,
  };
}

/** An option given once: a second value would be silently ignored, so it is refused. */
function single(flag: string): (value: string, previous?: string) => string {
  return (value, previous) => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} is given once: one VM and one user at a time.`);
    return value;
  };
}

function unknownCommand(word: string, program: Command): CommanderError {
  const names = program.commands.map((c) => c.name());
  const near = closeMatches(word, names);
  const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
  return new CommanderError(2, 'commander.unknownCommand', `error: unknown command '${word}'${hint}`);
}

function conflicting(a: string, b: string): CommanderError {
  return new CommanderError(2, 'commander.conflictingOption', `error: option '${a}' cannot be used with option '${b}'`);
}
