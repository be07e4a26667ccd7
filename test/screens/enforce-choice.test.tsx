/** The wizard's enforcement offer: the scope choice after a setup, and the summary's compliance lines. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Summary } from '../../screens';
import { EnforceChoice } from '../../screens/EnforceChoice';
import { enforceScopeChoices } from '../../steps/fleet-enforcement/view';
import { CONNECT_INFO, noop, PLAN, VERIFICATION } from './fixtures';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

const SUB_A = '11111111-1111-4111-8111-111111111111';
const SUB_B = '22222222-2222-4222-8222-222222222222';
const SUBSCRIPTIONS = [
  { id: SUB_A, displayName: 'Production' },
  { id: SUB_B, displayName: 'Hub' },
];

describe('enforceScopeChoices', () => {
  it('offers each subscription of the VMs, then each resource group, named with its subscription when several', () => {
    const vms = [
      { subscriptionId: SUB_B, resourceGroup: 'rg-net' },
      { subscriptionId: SUB_A.toUpperCase(), resourceGroup: 'rg-web' },
      { subscriptionId: SUB_A, resourceGroup: 'rg-web' },
    ];
    expect(enforceScopeChoices(vms, SUBSCRIPTIONS).map((c) => [c.scope, c.label])).toEqual([
      [`/subscriptions/${SUB_A}`, 'Subscription Production'],
      [`/subscriptions/${SUB_B}`, 'Subscription Hub'],
      [`/subscriptions/${SUB_B}/resourceGroups/rg-net`, 'Resource group rg-net (Hub)'],
      [`/subscriptions/${SUB_A}/resourceGroups/rg-web`, 'Resource group rg-web (Production)'],
    ]);
    expect(enforceScopeChoices([{ subscriptionId: SUB_A, resourceGroup: 'rg-web' }], SUBSCRIPTIONS)[1]?.label).toBe(
      'Resource group rg-web',
    );
  });
});

describe('EnforceChoice', () => {
  it('chooses the highlighted scope, deploy by default and audit after a', async () => {
    const scopes = enforceScopeChoices([{ subscriptionId: SUB_A, resourceGroup: 'rg-web' }], SUBSCRIPTIONS);
    const onChoose = vi.fn();
    const r = renderScreen(
      <EnforceChoice connection={CONNECT_INFO} scopes={scopes} onChoose={onChoose} onBack={noop} onQuit={noop} />,
      { columns: 120 },
    );
    await r.waitForText('❯ Subscription Production');
    expect(r.frame()).toContain('Deploy: policies add the system-assigned identity');
    await r.press('enter');
    expect(onChoose).toHaveBeenLastCalledWith({ scope: `/subscriptions/${SUB_A}`, audit: false });
    await r.press('down');
    await r.waitForText('❯ Resource group rg-web');
    await r.press('a');
    await r.waitForText('Audit only: an AuditIfNotExists assignment');
    await r.press('enter');
    expect(onChoose).toHaveBeenLastCalledWith({ scope: `/subscriptions/${SUB_A}/resourceGroups/rg-web`, audit: true });
  });

  it('Esc goes back to the summary', async () => {
    const onBack = vi.fn();
    const r = renderScreen(<EnforceChoice scopes={[]} onChoose={noop} onBack={onBack} onQuit={noop} />);
    await r.waitForText('Where should Azure Policy keep every VM configured');
    await r.press('esc');
    await vi.waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
  });
});

describe('Summary and enforcement', () => {
  const result = { outcome: 'completed' as const, succeeded: ['a1'], alreadyDone: [], skipped: [], failed: [] };

  it('offers e only when the wizard can plan enforcement, and e calls it', async () => {
    const onEnforce = vi.fn();
    const r = renderScreen(
      <Summary
        reason="completed"
        plan={PLAN}
        result={result}
        verification={VERIFICATION}
        onExit={noop}
        onEnforce={onEnforce}
      />,
      { columns: 160 },
    );
    await r.waitForText('e keep it configured with Azure Policy');
    await r.press('e');
    expect(onEnforce).toHaveBeenCalledTimes(1);
    const without = renderScreen(
      <Summary reason="completed" plan={PLAN} result={result} verification={VERIFICATION} onExit={noop} />,
      { columns: 160 },
    );
    await without.waitForText('Next steps');
    expect(without.frame()).not.toContain('Azure Policy');
  });

  it('shows the compliance summary an enforcement plan ends with', async () => {
    const verification = {
      findings: [],
      outcomes: [],
      rdpFiles: [],
      compliance: ['Compliance at /subscriptions/s1 (enforced):', '  3 compliant · 1 non-compliant · 1 remediating'],
    };
    const r = renderScreen(
      <Summary reason="completed" plan={PLAN} result={result} verification={verification} onExit={noop} />,
      { columns: 120 },
    );
    await r.waitForText('Compliance at /subscriptions/s1 (enforced):');
    expect(r.frame()).toContain('3 compliant · 1 non-compliant · 1 remediating');
  });
});
