import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../../../src/core/well-known-ids';
import { renderMarkdown } from '../../../src/output/markdown';
import type { Plan } from '../../../src/plan/types';
import { buildPlan } from '../../../src/workflows/plan';
import { toolPolicyName } from '../../../steps/conditional-access/coverage';
import { alice, answers, baseSnapshot, bob, breakGlass, policy } from '../../steps/steps-4-6/fixtures';
import { expectGolden } from './golden';

const CREATED = new Date('2026-12-01T10:00:00Z');
const owned = policy('5a0c0b6e-0000-4000-8000-00000000c0de', {
  name: toolPolicyName('mfa'),
  apps: [APP_IDS.windowsVmSignIn],
  state: 'enabledForReportingButNotEnforced',
  users: { includeUsers: [bob.id], excludeUsers: [] },
});

function updatePlan(): Plan {
  return buildPlan(
    baseSnapshot({ caPolicies: [owned] }),
    answers({ caState: 'on', exclude: [breakGlass.ref], connections: ['rdp-password'] }),
    CREATED,
  );
}

function createPlan(): Plan {
  return buildPlan(
    baseSnapshot({ perUserMfa: { [alice.id]: 'enforced' } }),
    answers({ caState: 'report-only', disablePerUserMfa: true }),
    CREATED,
  );
}

/** The fenced JSON blocks after a line, parsed. */
function jsonAfter(md: string, line: string): unknown[] {
  const from = md.indexOf(line);
  expect(from, line).toBeGreaterThanOrEqual(0);
  const blocks = [...md.slice(from).matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!));
  return blocks;
}

describe('the Markdown ticket shows what is written, not a file name', () => {
  it('puts the exact request body of each Graph write under its command', () => {
    const plan = createPlan();
    const md = renderMarkdown(plan);
    const create = plan.actions.find((a) => a.kind === 'create-ca-policy')!;
    expect(create.command).toContain('--body @policy.json');
    expect(jsonAfter(md, `### ${create.id}: `)[0]).toEqual(create.params.body);
    expect(md).toContain('`policy.json`, the request body:');
    const mfa = plan.actions.find((a) => a.kind === 'disable-per-user-mfa')!;
    expect(jsonAfter(md, `### ${mfa.id}: `)[0]).toEqual({ perUserMfaState: 'disabled' });
  });

  it('rolls a policy update back with the values read before apply, and shows before and after', () => {
    const plan = updatePlan();
    const update = plan.actions.find((a) => a.kind === 'update-ca-policy')!;
    expect(update.params.before).toEqual({
      conditions: owned.conditions,
      state: 'enabledForReportingButNotEnforced',
    });
    const md = renderMarkdown(plan);
    expect(md).not.toContain('<value before apply>');
    const undo = md.slice(md.indexOf(`### Undo ${update.id}: `));
    expect(undo).toContain(`--body '${JSON.stringify(update.params.before)}'`);
    const [before, after] = jsonAfter(undo, 'Before apply');
    expect(before).toEqual(update.params.before);
    expect(after).toEqual(update.params.patch);
  });

  it('a body holding backticks cannot close its fence early', () => {
    const plan = createPlan();
    const create = plan.actions.find((a) => a.kind === 'create-ca-policy')!;
    const body = { ...(create.params.body as object), displayName: 'evil ``` </details> | x' };
    const md = renderMarkdown({
      ...plan,
      actions: plan.actions.map((a) => (a === create ? { ...a, params: { ...a.params, body } } : a)),
    });
    expect(md).toContain('````json\n{');
    expect(jsonAfter(md.replaceAll('````', '```'), `### ${create.id}: `)[0]).toEqual(body);
  });

  it('matches the golden tickets', async () => {
    await expectGolden('plan.ca-create.md', renderMarkdown(createPlan()));
    await expectGolden('plan.ca-update.md', renderMarkdown(updatePlan()));
  });
});
