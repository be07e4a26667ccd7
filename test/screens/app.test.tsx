/** The whole wizard on the fake tenant, from connect to summary, driven by keys. */
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import { App } from '../../src/wizard/App';
import { createFakeServices, type FakeServices, VMS } from './fake-services';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

function start(services: FakeServices, answers = {}) {
  const exits: number[] = [];
  const r = renderScreen(<App services={services} color={false} answers={answers} onExit={(c) => exits.push(c)} />, {
    columns: 100,
    rows: 40,
  });
  return { r, exits };
}

/** The first screen: set VMs up (the highlighted choice). */
async function chooseSetup(r: ReturnType<typeof renderScreen>) {
  await r.waitForText('What would you like to do?');
  await r.press('enter');
}

const READY = { vms: [VMS[0]!.id], admins: ['alice@contoso.example'] };

/** From VM selection to plan review with answers given up front. */
async function toReview(r: ReturnType<typeof renderScreen>) {
  await chooseSetup(r);
  await r.waitForText('VM selection');
  for (const title of [
    'Identity and extension',
    'Role assignment',
    'Service principals',
    'Conditional Access',
    'Client readiness',
    'Plan review',
  ]) {
    await r.press('enter');
    await r.waitForText(title);
  }
}

describe('the wizard', () => {
  it('goes from connect to summary; apply is called only after confirmation', async () => {
    const services = createFakeServices();
    const { r, exits } = start(services);
    await chooseSetup(r);
    await r.waitForText('VM selection');
    await r.press('enter');
    await r.waitForText('Select at least one VM');
    await r.press('space');
    await r.press('j');
    await r.press('j');
    await r.press('j');
    await r.press('space');
    await r.waitForText('2 of 5 selected');
    await r.press('enter');
    await r.waitForText('Identity and extension');
    expect(r.frame()).toContain('vm-db-01');
    await r.press('esc');
    await r.waitForText('2 of 5 selected');
    await r.press('enter');
    await r.waitForText('Identity and extension');
    await r.press('enter');
    await r.waitForText('Role assignment');
    await r.type('alice');
    await r.press('enter');
    await r.waitForText('  user Alice Admin · alice@contoso.example');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('user  alice@contoso.example');
    await r.press('enter');
    await r.waitForText('Service principals');
    await r.press('enter');
    await r.waitForText('Conditional Access');
    await r.press('down');
    await r.press('right');
    await r.waitForText('Policy state: report-only  [on]');
    await r.press('enter');
    await r.waitForText('▲ Turning the policy on with no break-glass exclusion');
    await r.press('down');
    await r.type('breakglass@contoso.example');
    await r.press('enter');
    await r.waitForText('excluded breakglass@contoso.example');
    await r.press('up');
    await r.press('enter');
    await r.waitForText('Client readiness');
    await r.press('enter');
    await r.waitForText('Plan review');
    expect(r.frame()).toContain('Plan: 6 to create, 3 to change.');
    // The break-glass account is looked up too, as the role assignment's principal was.
    expect(services.calls).toEqual(['connect', 'discover', 'lookupPrincipal', 'lookupPrincipal', 'discover', 'plan']);
    await r.press('enter');
    await r.waitForText('Apply 9 changes to Contoso (simulated)?');
    expect(services.calls).not.toContain('apply');
    await r.press('y');
    const summary = await r.waitForText('What users will see');
    expect(summary).toContain('9 of 9 changes made.');
    expect(summary).toContain('alice@contoso.example   rdp-web-account Asked for MFA, then signed in');
    expect(services.calls.slice(6)).toEqual(['apply', 'verify']);
    await r.press('enter');
    expect(exits).toEqual([0]);
  });

  it('cancel at review and at confirm writes nothing', async () => {
    const services = createFakeServices();
    const { r, exits } = start(services, READY);
    await toReview(r);
    await r.press('enter');
    await r.waitForText('❯ No, go back');
    await r.press('enter');
    await r.waitForText('Plan review');
    for (let i = 0; i < 3; i++) await r.press('down');
    await r.waitForText('❯ Cancel');
    await r.press('enter');
    await r.waitForText('Plan cancelled: nothing was written.');
    await r.press('q');
    expect(exits).toEqual([0]);
    expect(services.calls).toEqual(['connect', 'discover', 'discover', 'plan']);
  });

  it('saves the plan from the review menu', async () => {
    const services = createFakeServices();
    const { r } = start(services, READY);
    await toReview(r);
    await r.press('down');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('Plan saved to /home/admin/entra-vm-login.plan.json');
    expect(services.calls.at(-1)).toBe('savePlan');
  });

  it('asks what to do when an action fails, and skips it when told', async () => {
    const services = createFakeServices({ failOnce: 'a2' });
    const { r } = start(services, READY);
    await toReview(r);
    await r.press('enter');
    await r.press('y');
    await r.waitForText('What should happen to this action?');
    await r.press('down');
    await r.press('enter');
    const summary = await r.waitForText('What users will see');
    expect(services.decisions).toEqual(['skip']);
    expect(summary).toContain('changes made, 1 not made.');
  });

  it('Ctrl-C during apply asks, then leaves with 130', async () => {
    const services = createFakeServices();
    services.pause('apply');
    const { r, exits } = start(services, READY);
    await toReview(r);
    await r.press('enter');
    await r.press('y');
    await r.waitForText('0 of ');
    await r.press('ctrl-c');
    // The fake tenant is simulated (--demo): it ends with the wizard, so there is nothing to resume.
    const leaving = await r.waitForText('nothing to resume');
    expect(leaving).not.toContain('run apply again');
    await r.press('y');
    expect(exits).toEqual([130]);
    services.release('apply');
  });

  it('shows an error with its hint and retries exactly what failed', async () => {
    const services = createFakeServices();
    let failures = 1;
    const connect = services.connect;
    services.connect = async () => {
      if (failures-- > 0)
        throw new UserError(
          'network',
          'Signing in fails: login.microsoftonline.com is unreachable.',
          'Check the proxy settings, then retry.',
        );
      return connect();
    };
    const { r } = start(services);
    await r.waitForText('Signing in fails');
    expect(r.frame()).toContain('Check the proxy settings, then retry.');
    await r.press('r');
    await r.waitForText('What would you like to do?');
  });
});

describe('doctor inside the wizard', () => {
  it('asks who, which VM and how, shows the report, and takes the fix through review and confirm to apply', async () => {
    const services = createFakeServices();
    const { r, exits } = start(services);
    await r.waitForText('What would you like to do?');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('Whose sign-in should be examined?');
    // Next with nothing answered says what is missing.
    await r.press('enter');
    await r.waitForText('Name the user who cannot sign in');
    await r.type('bob');
    await r.press('enter');
    // A partial name lists the matches; the first is picked with ↓ and enter.
    await r.waitForText('bob@contoso.example');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('User: bob@contoso.example');
    await r.press('down');
    await r.type('web-01');
    await r.press('enter');
    await r.waitForText('VM: vm-web-01');
    expect(services.calls).not.toContain('doctor');
    await r.press('enter');
    await r.waitForText('What they see');
    const report = await r.waitForText('FAILS HERE');
    expect(report).toContain('Sign-in chain: bob@contoso.example to vm-web-01');
    expect(services.calls.filter((c) => c === 'doctor')).toHaveLength(1);
    expect(services.calls).not.toContain('apply');
    // Back from the plan returns to the report, not to the setup steps.
    await r.press('enter');
    await r.waitForText('Plan review');
    await r.press('esc');
    await r.waitForText('What they see');
    await r.press('enter');
    await r.waitForText('❯ Apply');
    await r.press('enter');
    await r.waitForText('❯ No, go back');
    expect(services.calls).not.toContain('apply');
    await r.press('y');
    await r.waitForText('What users will see');
    expect(services.calls).toContain('apply');
    expect(services.calls).toContain('verify');
    await r.press('enter');
    expect(exits).toEqual([0]);
  });
});
