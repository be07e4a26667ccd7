/** Each screen driven by keys: data in, `on*` callbacks out. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApplyScreen, Confirm, Doctor, ErrorScreen, PlanReview, Summary } from '../../screens';
import { DEFAULT_PLAN_PATH } from '../../screens/PlanReview';
import type { AnswersInput } from '../../src/plan/answers';
import { createFakeServices, manyVms, VMS } from './fake-services';
import {
  CONNECT_INFO,
  DOCTOR_RESULT,
  FIXED_NOW,
  noop,
  PLAN,
  PROGRESS,
  SNAPSHOT,
  StepHarness,
  VERIFICATION,
} from './fixtures';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

const rowsMatching = (frame: string, re: RegExp) => frame.split('\n').filter((l) => re.test(l));

describe('VmSelection', () => {
  it('toggles the highlighted VM with space, moves with j/k, and continues with enter', async () => {
    const seen: AnswersInput[] = [];
    const onNext = vi.fn();
    const r = renderScreen(<StepHarness id="vm-selection" vms={VMS} onNext={onNext} onAnswers={(a) => seen.push(a)} />);
    await r.waitForText('0 of 5 selected');
    await r.press('j');
    await r.press('space');
    await r.waitForText('1 of 5 selected');
    expect(rowsMatching(r.frame(), /\[x\]/)[0]).toContain('vm-web-02');
    await r.press('k');
    await r.press('space');
    await r.waitForText('2 of 5 selected');
    expect(seen.at(-1)?.vms).toEqual([VMS[1]!.id, VMS[0]!.id]);
    await r.press('enter');
    expect(onNext).toHaveBeenCalledTimes(1);
  });

  it('toggles every shown VM with a, leaving the chosen VMs the filter hides as they were', async () => {
    const seen: AnswersInput[] = [];
    const r = renderScreen(<StepHarness id="vm-selection" vms={VMS} onAnswers={(a) => seen.push(a)} />);
    await r.waitForText('0 of 5 selected');
    await r.press('a');
    await r.waitForText('5 of 5 selected');
    await r.press('/');
    await r.type('rg-app');
    await r.waitForText('2 shown');
    await r.press('enter');
    await r.press('a');
    await r.waitForText('3 of 5 selected');
    const hidden = VMS.filter((v) => !v.id.toLowerCase().includes('/rg-app/')).map((v) => v.id);
    expect(seen.at(-1)?.vms).toEqual(hidden);
  });

  it('filters as you type over name, group, OS and power state', async () => {
    const r = renderScreen(<StepHarness id="vm-selection" vms={VMS} />);
    await r.waitForText('5 shown');
    await r.press('/');
    await r.type('dealloc');
    await r.waitForText('1 shown');
    expect(rowsMatching(r.frame(), /\[ \]/).map((l) => /vm-[\w-]+/.exec(l)?.[0])).toEqual(['vm-db-01']);
    await r.press('backspace');
    for (let i = 0; i < 6; i++) await r.press('backspace');
    await r.type('rg-app');
    await r.waitForText('2 shown');
    expect(r.frame()).toContain('vm-legacy-01');
  });

  it('renders only the visible window of 5,000 VMs, and the window follows the cursor', async () => {
    const vms = manyVms(5000);
    const r = renderScreen(<StepHarness id="vm-selection" vms={vms} height={12} />, {
      columns: 120,
    });
    let frame = await r.waitForText('5,000 shown');
    expect(rowsMatching(frame, /vm-\d{5}/)).toHaveLength(12);
    expect(frame).toContain('↓ 4,988 more');
    await r.press('pagedown');
    await r.press('pagedown');
    frame = await r.waitForText('↑ 18 more');
    expect(rowsMatching(frame, /vm-\d{5}/)).toHaveLength(12);
    expect(rowsMatching(frame, /❯/)[0]).toContain('vm-00025');
    await r.press('/');
    await r.type('vm-0499');
    frame = await r.waitForText('10 shown');
    expect(rowsMatching(frame, /vm-\d{5}/)).toHaveLength(10);
  });

  it('shows the notice that explains why it did not move on', async () => {
    const r = renderScreen(
      <StepHarness id="vm-selection" vms={VMS} notice="Select at least one VM: space toggles the highlighted VM." />,
    );
    await r.waitForText('▲ Select at least one VM');
  });

  it('lists the keys on ?', async () => {
    const r = renderScreen(<StepHarness id="vm-selection" vms={VMS} />);
    await r.waitForText('VM selection');
    await r.press('?');
    const frame = await r.waitForText('Keys');
    expect(frame).toMatch(/space\s+toggle/);
    expect(frame).toMatch(/q\s+quit/);
  });
});

describe('Roles', () => {
  it('looks a principal up by what is typed and adds the chosen match with the chosen role', async () => {
    const services = createFakeServices();
    const seen: AnswersInput[] = [];
    const r = renderScreen(
      <StepHarness id="role-assignment" onAnswers={(a) => seen.push(a)} lookup={(t) => services.lookupPrincipal(t)} />,
    );
    await r.waitForText('Add a user or group');
    await r.type('b?q');
    await r.waitForText('Add a user or group: b?q');
    await r.press('backspace');
    await r.press('backspace');
    await r.press('enter');
    await r.waitForText('breakglass@contoso.example');
    expect(r.frame()).toContain('bob@contoso.example');
    // Added principals get Virtual Machine User Login unless the admin picks the administrator role.
    expect(r.frame()).toContain('Role for added principals: [user]  admin');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('user  bob@contoso.example');
    expect(seen.at(-1)).toEqual({ users: ['bob@contoso.example'] });
    await r.press('down');
    await r.press('space');
    await r.waitForText('[admin]');
    await r.press('up');
    await r.type('VM');
    await r.press('enter');
    await r.waitForText('  group VM Admins');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('admin VM Admins');
    expect(seen.at(-1)).toEqual({ users: ['bob@contoso.example'], admins: ['VM Admins'] });
  });

  it('says when nothing matches', async () => {
    const r = renderScreen(<StepHarness id="role-assignment" />);
    await r.waitForText('Add a user or group');
    await r.type('zed');
    await r.press('enter');
    await r.waitForText('No user or group matches “zed”');
  });

  it('removes an assigned principal and toggles connection methods', async () => {
    const seen: AnswersInput[] = [];
    const r = renderScreen(
      <StepHarness
        id="role-assignment"
        snapshot={{ ...SNAPSHOT, bastions: [] }}
        initial={{ admins: ['alice@contoso.example'] }}
        onAnswers={(a) => seen.push(a)}
      />,
    );
    await r.waitForText('admin alice@contoso.example');
    await r.press('down');
    await r.press('down');
    await r.press('x');
    await r.waitForFrame((f) => !f.includes('alice'));
    expect(seen.at(-1)).toEqual({ admins: [] });
    await r.press('down');
    await r.press('down');
    await r.press('down');
    await r.press('space');
    await r.waitForText('Bastion: none found');
    expect(seen.at(-1)?.connections).toEqual(['rdp-web-account', 'bastion-portal']);
  });
});

describe('ConditionalAccess', () => {
  it('asks for an acknowledgement only when the policy is on with no exclusion', async () => {
    const seen: AnswersInput[] = [];
    const r = renderScreen(
      <StepHarness
        id="conditional-access"
        snapshot={{ ...SNAPSHOT, caPolicies: [], securityDefaultsEnabled: false, licenceP1: true }}
        vms={[VMS[0]!]}
        onAnswers={(a) => seen.push(a)}
      />,
    );
    await r.waitForText('Policy state: [report-only]');
    expect(r.frame()).not.toContain('I accept');
    expect(r.frame()).not.toContain('security defaults (tenant-wide)');
    await r.press('down');
    await r.press('right');
    await r.waitForText('I accept that no account is excluded');
    await r.press('down');
    await r.type('breakglass@contoso.example');
    await r.press('enter');
    await r.waitForText('excluded breakglass@contoso.example');
    expect(r.frame()).not.toContain('I accept');
    expect(seen.at(-1)).toEqual({ caState: 'on', exclude: ['breakglass@contoso.example'] });
  });

  it('cycles the strength and offers to turn off security defaults only when they are on', async () => {
    const onAnswer = vi.fn();
    const r = renderScreen(
      <StepHarness
        id="conditional-access"
        snapshot={{ ...SNAPSHOT, caPolicies: [], securityDefaultsEnabled: true, licenceP1: false }}
        vms={[VMS[0]!]}
        onAnswer={onAnswer}
      />,
    );
    await r.waitForText('Turn off security defaults (tenant-wide)? [ ]');
    expect(r.frame()).toContain('No Entra ID P1 licence');
    await r.press('space');
    expect(onAnswer).toHaveBeenLastCalledWith({ ca: 'phishing-resistant' });
    await r.press('left');
    expect(onAnswer).toHaveBeenLastCalledWith({ ca: 'mfa' });
    await r.press('left');
    expect(onAnswer).toHaveBeenLastCalledWith({ ca: 'none' });
  });

  const SIGN_IN_APPS = 'VM sign-in apps for your connection methods:';
  it.each([
    ['Windows', ['rdp-password'], `${SIGN_IN_APPS} Azure Windows VM Sign-In.`],
    ['Windows', ['bastion-native'], `${SIGN_IN_APPS} Microsoft Remote Desktop, Windows Cloud Login.`],
    ['Linux', ['bastion-portal', 'ssh'], `${SIGN_IN_APPS} Azure Linux VM Sign-In.`],
    ['Linux', ['rdp-password'], `${SIGN_IN_APPS} none.`],
  ] as const)('targets the apps %s VMs reach by %j', async (osType, connections, text) => {
    const r = renderScreen(
      <StepHarness
        id="conditional-access"
        snapshot={{ ...SNAPSHOT, caPolicies: [], securityDefaultsEnabled: false, licenceP1: true }}
        vms={VMS.filter((v) => v.osType === osType)}
        initial={{ connections: [...connections] }}
      />,
      { columns: 120 },
    );
    await r.waitForText(text);
  });
});

describe('step screens', () => {
  it('IdentityExtension asks about Intune only for Windows client VMs', async () => {
    const onAnswer = vi.fn();
    const r = renderScreen(<StepHarness id="identity-extension" onAnswer={onAnswer} />);
    await r.waitForText('Enroll the 1 Windows client VM in Intune?');
    await r.press('space');
    expect(onAnswer).toHaveBeenCalledWith({ intune: true });
    const servers = renderScreen(<StepHarness id="identity-extension" vms={[VMS[0]!]} />);
    const frame = await servers.waitForText('Identity and extension');
    expect(frame).not.toContain('Intune');
  });

  it('ServicePrincipal continues with enter and goes back with esc', async () => {
    const onNext = vi.fn();
    const onBack = vi.fn();
    const r = renderScreen(
      <StepHarness
        id="service-principal"
        snapshot={{ ...SNAPSHOT, servicePrincipals: {} }}
        vms={[VMS[0]!]}
        onNext={onNext}
        onBack={onBack}
      />,
    );
    expect(await r.waitForText('Azure Windows VM Sign-In')).toMatch(/Azure Windows VM Sign-In +not read/);
    await r.press('enter');
    await r.press('esc');
    await vi.waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
    expect(onNext).toHaveBeenCalledTimes(1);
  });

  it('ClientReadiness takes a dsregcmd path and a build as typed text', async () => {
    const seen: AnswersInput[] = [];
    const r = renderScreen(<StepHarness id="client-readiness" onAnswers={(a) => seen.push(a)} />);
    await r.waitForText('dsregcmd');
    await r.type('/tmp/q.txt');
    await r.press('tab');
    await r.type('10.0.22621');
    await r.press('down');
    await r.press('space');
    await r.waitForText('[certificate]');
    expect(seen.at(-1)).toEqual({ dsregcmdFile: '/tmp/q.txt', clientOsBuild: '10.0.22621', whfbTrust: 'certificate' });
  });
});

describe('PlanReview and Confirm', () => {
  const props = { connection: CONNECT_INFO, plan: PLAN, saving: false, onBack: noop, onQuit: noop };

  it('shows the counts line, toggles commands and roles, and explains the highlighted choice', async () => {
    const r = renderScreen(<PlanReview {...props} onApply={noop} onSave={noop} onCancel={noop} />, { columns: 120 });
    await r.waitForText('Plan: 11 to create, 3 to change.');
    expect(r.frame()).toContain('Asks once more, then makes these 14 changes');
    expect(r.frame()).not.toContain('$ az vm identity assign');
    await r.press('d');
    await r.waitForText('$ az vm identity assign -g rg-web -n vm-web-01');
    expect(r.frame()).toContain('needs Virtual Machine Contributor on vm-web-01');
    await r.press('down');
    await r.waitForText('Shows each change’s equivalent az or Graph command');
  });

  it('menu: Save plan saves to the default path, Cancel cancels, Apply applies', async () => {
    const onSave = vi.fn();
    const onCancel = vi.fn();
    const onApply = vi.fn();
    const r = renderScreen(<PlanReview {...props} onApply={onApply} onSave={onSave} onCancel={onCancel} />);
    await r.waitForText('❯ Apply');
    await r.press('down');
    await r.press('down');
    await r.waitForText('❯ Save plan');
    await r.press('enter');
    expect(onSave).toHaveBeenCalledWith(DEFAULT_PLAN_PATH);
    await r.press('down');
    await r.press('enter');
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onApply).not.toHaveBeenCalled();
  });

  it('shows where the plan was saved', async () => {
    const r = renderScreen(
      <PlanReview {...props} savedPath="/home/admin/p.json" onApply={noop} onSave={noop} onCancel={noop} />,
    );
    await r.waitForText('✔ Plan saved to /home/admin/p.json');
  });

  it('Confirm defaults to the safe choice and applies only on yes', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const r = renderScreen(
      <Confirm connection={CONNECT_INFO} plan={PLAN} onConfirm={onConfirm} onCancel={onCancel} onQuit={noop} />,
    );
    await r.waitForText('❯ No, go back');
    await r.press('enter');
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    await r.press('up');
    await r.waitForText('❯ Yes, apply');
    await r.press('enter');
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});

describe('Apply', () => {
  const base = { connection: CONNECT_INFO, plan: PLAN, actions: PROGRESS, now: FIXED_NOW, onQuit: noop };

  it('shows live state per action', async () => {
    const r = renderScreen(<ApplyScreen {...base} onDecide={noop} />, { columns: 120 });
    const frame = await r.waitForText('2 of 14 done');
    expect(frame).toContain('✔ Extension installed on vm-web-01 (3.1s, retried 1×)');
    expect(frame).toContain('◐ Enable the system-assigned identity of vm-db-01: running 12.3s');
    expect(frame).toContain('↻ Install AADSSHLoginForLinux on vm-db-01: retrying (2) · throttled: waiting 4s');
    expect(frame).toContain(': skipped');
    expect(frame).toContain(': waiting');
  });

  it('asks Retry / Skip / Abort on a failure', async () => {
    const onDecide = vi.fn();
    const failure = { actionId: 'a3', message: 'The extension reports a timeout' };
    const r = renderScreen(<ApplyScreen {...base} pendingFailure={failure} onDecide={onDecide} />);
    await r.waitForText('What should happen to this action?');
    await r.press('down');
    await r.waitForText('Leaves it and the actions that depend on it undone');
    await r.press('enter');
    expect(onDecide).toHaveBeenCalledWith('skip');
  });

  it('in --demo, leaving does not promise a resume: the simulated tenant ends with the wizard', async () => {
    const r = renderScreen(<ApplyScreen {...base} onDecide={noop} onQuit={noop} />);
    await r.waitForText('Applying');
    await r.press('ctrl-c');
    const frame = await r.waitForText('Leave now?');
    expect(frame).toContain('nothing to resume');
    expect(frame).not.toContain('run apply again');
  });

  it('Ctrl-C asks before leaving and says how to resume', async () => {
    const onQuit = vi.fn();
    const real = { ...CONNECT_INFO, simulated: false };
    const r = renderScreen(<ApplyScreen {...base} connection={real} onDecide={noop} onQuit={onQuit} />);
    await r.waitForText('Applying');
    await r.press('ctrl-c');
    await r.waitForText('run apply again to resume');
    await r.press('n');
    await r.waitForFrame((f) => !f.includes('Leave now?'));
    expect(onQuit).not.toHaveBeenCalled();
    await r.press('ctrl-c');
    await r.waitForText('Leave now?');
    await r.press('y');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });
});

describe('Summary, Doctor, ErrorScreen', () => {
  it('Summary after a cancel says nothing was written', async () => {
    const onExit = vi.fn();
    const r = renderScreen(<Summary connection={CONNECT_INFO} reason="cancelled" plan={PLAN} onExit={onExit} />);
    const frame = await r.waitForText('Plan cancelled: nothing was written.');
    expect(frame).not.toContain('Next steps');
    await r.press('enter');
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('Summary lists failed actions', async () => {
    const result = {
      outcome: 'failed' as const,
      succeeded: ['a1'],
      alreadyDone: [],
      skipped: ['a4'],
      failed: [{ actionId: 'a3', message: 'The extension reports a timeout' }],
    };
    const r = renderScreen(
      <Summary reason="completed" plan={PLAN} result={result} verification={VERIFICATION} onExit={noop} />,
      { columns: 120 },
    );
    const frame = await r.waitForText('1 of 14 changes made, 2 not made.');
    expect(frame).toContain('✖ Install AADLoginForWindows on vm-app-01: The extension reports a timeout');
  });

  it('Summary: Next steps name the VM and the Bastion, not <vm> and <group>', async () => {
    const result = { outcome: 'completed' as const, succeeded: [], alreadyDone: [], skipped: [], failed: [] };
    const command =
      "az network bastion rdp --name bas-prod-weu --resource-group rg-net --target-resource-id '/subscriptions/s/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01' --enable-mfa";
    const verification = {
      ...VERIFICATION,
      connectCommands: [{ method: 'bastion-native' as const, vm: 'vm-web-01', command, more: 2 }],
    };
    const r = renderScreen(
      <Summary reason="completed" plan={PLAN} result={result} verification={verification} onExit={noop} />,
      { columns: 200, rows: 80 },
    );
    const frame = await r.waitForText('Next steps');
    expect(frame).toContain('Run az network bastion rdp --name bas-prod-weu --resource-group rg-net');
    expect(frame).not.toContain('<bastion>');
  });

  it('Summary says plainly when MFA is not yet enforced, for whom, why, and the one command that enforces it', async () => {
    const result = { outcome: 'completed' as const, succeeded: [], alreadyDone: [], skipped: [], failed: [] };
    const name = 'entra-vm-login: VM sign-in – require MFA';
    const reportOnly = {
      ...PLAN,
      actions: PLAN.actions.map((a) =>
        a.kind === 'create-ca-policy'
          ? { ...a, params: { body: { displayName: name, state: 'enabledForReportingButNotEnforced' } } }
          : a,
      ),
    };
    expect(reportOnly.actions.some((a) => a.kind === 'create-ca-policy')).toBe(true);
    const r = renderScreen(
      <Summary reason="completed" plan={reportOnly} result={result} verification={VERIFICATION} onExit={noop} />,
      { columns: 200, rows: 80 },
    );
    const frame = await r.waitForText('Next steps');
    expect(frame).toContain(
      `! MFA is not yet enforced for alice@contoso.example, bob@contoso.example: the VM policy "${name}" is created report-only (it logs, never prompts).`,
    );
    expect(frame).toContain('entra-vm-login review-policy');
    // The command wraps over lines: read it with the line breaks as the spaces they replace.
    expect(frame.replace(/\s+/g, ' ')).toMatch(
      /entra-vm-login plan --vm \S+ --vm \S+ --vm \S+ --admin alice@contoso.example --user bob@contoso.example --exclude breakglass@contoso.example --connection rdp-web-account --connection bastion-native --ca-state on --out plan.json && entra-vm-login apply plan.json/,
    );
    // With the policy on, nothing is said about enforcing it.
    const on = { ...reportOnly, answers: { ...reportOnly.answers, caState: 'on' as const } };
    const r2 = renderScreen(
      <Summary reason="completed" plan={on} result={result} verification={VERIFICATION} onExit={noop} />,
      { columns: 200, rows: 80 },
    );
    expect(await r2.waitForText('Next steps')).not.toContain('not yet enforced');
  });

  it('Summary does not count a change the post-apply check did not find, and says why', async () => {
    const result = { outcome: 'completed' as const, succeeded: ['a1', 'a2'], alreadyDone: [], skipped: [], failed: [] };
    const verification = { ...VERIFICATION, notAsPlanned: [{ actionId: 'a2', problem: 'still planned after apply' }] };
    const r = renderScreen(
      <Summary reason="completed" plan={PLAN} result={result} verification={verification} onExit={noop} />,
      { columns: 120 },
    );
    const frame = await r.waitForText('1 of 14 changes made, 1 not as planned.');
    const a2 = PLAN.actions.find((a) => a.id === 'a2')!;
    expect(frame).toContain(`▲ ${a2.summary}: not as planned: still planned after apply`);
  });

  it('Doctor takes its fix into review with enter, goes back with esc, and has no fix key without a fix', async () => {
    const onFix = vi.fn();
    const onBack = vi.fn();
    const r = renderScreen(<Doctor result={DOCTOR_RESULT} height={200} onFix={onFix} onBack={onBack} onQuit={noop} />, {
      columns: 100,
      rows: 220,
    });
    const frame = await r.waitForText('The fix: ');
    expect(frame).toContain('Sign-in chain: bob@contoso.example to vm-web-01 by rdp-web-account');
    expect(frame).toContain('enter/f review the fix');
    await r.press('enter');
    expect(onFix).toHaveBeenCalledTimes(1);
    await r.press('esc');
    await vi.waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
    const none = renderScreen(
      <Doctor
        result={{ ...DOCTOR_RESULT, plan: { ...DOCTOR_RESULT.plan, actions: [] } }}
        height={200}
        onFix={onFix}
        onBack={onBack}
        onQuit={noop}
      />,
      { columns: 100, rows: 220 },
    );
    const nothing = await none.waitForText('No change this tool makes fixes this');
    expect(nothing).not.toContain('review the fix');
    await none.press('enter');
    expect(onFix).toHaveBeenCalledTimes(1);
  });

  it('ErrorScreen retries with r', async () => {
    const onRetry = vi.fn();
    const r = renderScreen(<ErrorScreen error={{ message: 'Reading fails.' }} onRetry={onRetry} onQuit={noop} />);
    await r.waitForText('✖ Reading fails.');
    expect(r.frame()).toContain('Retry, or quit and run the command again.');
    await r.press('r');
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
