/** What a first-time admin tripped over in the real wizard: long names, reused choices, exact lookups. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApplyScreen } from '../../screens';
import { doneText } from '../../screens/widgets/plan-text';
import type { AnswersInput } from '../../src/plan/answers';
import type { VmFacts } from '../../src/plan/snapshot';
import { createFakeServices, VMS } from './fake-services';
import { CONNECT_INFO, FIXED_NOW, noop, PLAN, PROGRESS, StepHarness } from './fixtures';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

const LONG = 'vm-reporting-prod-eastus2-01';
const long: VmFacts = { ...VMS[0]!, id: VMS[0]!.id.replace('vm-web-01', LONG), name: LONG };
const linux: VmFacts = { ...VMS[3]!, name: 'vm-ubuntu-web-01', id: VMS[3]!.id.replace('vm-db-01', 'vm-ubuntu-web-01') };

describe('long names', () => {
  for (const columns of [80, 120]) {
    it(`VM selection keeps every column apart and shows the highlighted name whole at ${columns} columns`, async () => {
      const r = renderScreen(<StepHarness id="vm-selection" vms={[long, linux, ...VMS.slice(1)]} />, { columns });
      const frame = await r.waitForText('6 shown');
      for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(columns);
      // The VMs span two subscriptions: the subscription column sits between the name and the group.
      expect(frame).toMatch(/\[ \] vm-ubuntu-web-01 +\S+ +rg-data /);
      const row = frame.split('\n').find((l) => l.startsWith('❯'))!;
      // The name is the column that keeps its width, at 80 columns too: the others give way first.
      expect(row).toMatch(new RegExp(`❯ \\[ \\] ${LONG} \\S+ +rg-web `));
    });
  }

  it('identity and extension table sizes its columns to the names', async () => {
    // Running, so that the plan changes both (a deallocated VM is left alone, and its row says so).
    const r = renderScreen(<StepHarness id="identity-extension" vms={[{ ...linux, powerState: 'running' }, long]} />, {
      columns: 120,
    });
    const frame = await r.waitForText('PLANNED');
    expect(frame).toMatch(/ {2}vm-ubuntu-web-01 +none · not installed +enable identity, install/);
    expect(frame).toMatch(new RegExp(` {2}${LONG} +none · not installed +enable identity, install`));
  });
});

describe('choices', () => {
  it('each new failure starts on Retry, whatever was chosen for the previous one', async () => {
    const onDecide = vi.fn();
    const props = { connection: CONNECT_INFO, plan: PLAN, actions: PROGRESS, now: FIXED_NOW, onQuit: noop, onDecide };
    const r = renderScreen(<ApplyScreen {...props} pendingFailure={{ actionId: 'a3', message: 'times out' }} />);
    await r.waitForText('❯ Retry');
    await r.press('down');
    await r.waitForText('❯ Skip');
    r.rerender(<ApplyScreen {...props} pendingFailure={{ actionId: 'a4', message: 'is refused' }} />);
    await r.waitForText('❯ Retry');
    await r.press('enter');
    expect(onDecide).toHaveBeenLastCalledWith('retry');
  });

  it('a whole UPN adds at once; a partial one lists the matches', async () => {
    const services = createFakeServices();
    const seen: AnswersInput[] = [];
    const r = renderScreen(
      <StepHarness id="role-assignment" onAnswers={(a) => seen.push(a)} lookup={(t) => services.lookupPrincipal(t)} />,
    );
    await r.waitForText('No one added yet');
    await r.type('bob@contoso.example');
    await r.press('enter');
    await r.waitForText('user  bob@contoso.example');
    expect(seen.at(-1)).toEqual({ users: ['bob@contoso.example'] });
    expect(r.frame()).not.toContain('No one added yet');
  });

  it('says who got which role where when a role is assigned', () => {
    const action = {
      ...PLAN.actions[0]!,
      kind: 'assign-role' as const,
      summary: 'Assign Virtual Machine User Login to vm-users on vm-data-02',
    };
    expect(doneText(action)).toBe('Virtual Machine User Login assigned to vm-users on vm-data-02');
  });
});
