import { describe, expect, it } from 'vitest';
import { paint } from '../../../src/output/ansi';
import { rollbackFor, shellQuote } from '../../../src/output/commands';
import { renderJson } from '../../../src/output/json';
import { renderMarkdown } from '../../../src/output/markdown';
import { renderText } from '../../../src/output/text';
import { verifyDigest } from '../../../src/plan/digest';
import { ACTION_KIND_INFO, SEVERITY_INFO } from '../../../src/plan/glyphs-and-wording';
import { ACTION_KINDS } from '../../../src/plan/types';
import { ALICE_ID, fixturePlan, makeAction, makePlan, RG, VM_DB } from '../../fixtures/plan';
import { expectGolden } from './golden';

const plan = fixturePlan();

describe('renderText', () => {
  it('matches the golden plain view', async () => {
    await expectGolden('plan.txt', renderText(plan, { color: false }));
  });

  it('matches the golden coloured view with commands', async () => {
    await expectGolden('plan.commands.color.txt', renderText(plan, { color: true, showCommands: true }));
  });

  it('writes no escape codes without colour, and colours glyphs from the vocabulary with it', () => {
    expect(renderText(plan, { color: false, showCommands: true })).not.toContain('\u001b');
    const coloured = renderText(plan, { color: true });
    expect(coloured).toContain(`\u001b[32m${ACTION_KIND_INFO['install-extension'].glyph}\u001b[39m`);
    expect(coloured).toContain(`\u001b[31m${ACTION_KIND_INFO['disable-security-defaults'].glyph}\u001b[39m`);
    expect(coloured).toContain(`\u001b[31m${SEVERITY_INFO.error.glyph} ${SEVERITY_INFO.error.label} (3)\u001b[39m`);
  });

  it('shows commands and required roles only when asked', () => {
    const a1 = plan.actions[0]!;
    expect(renderText(plan, { color: false })).not.toContain(a1.command);
    expect(renderText(plan, { color: false, showCommands: true })).toContain(`      command  ${a1.command}\n`);
    expect(renderText(plan, { color: false, showCommands: true })).toContain(`      requires ${a1.requires}\n`);
  });

  it('ends with the summary line', () => {
    expect(renderText(plan, { color: false }).endsWith('\nPlan: 5 to create, 3 to change.\n')).toBe(true);
  });

  it('renders an empty plan', () => {
    expect(renderText(makePlan([]), { color: false })).toBe('No changes are needed.\n\nNo changes.\n');
  });
});

describe('renderJson', () => {
  it('is the plan object, 2-space JSON and a newline', async () => {
    const json = renderJson(plan);
    expect(json).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    expect(verifyDigest(JSON.parse(json))).toBe(true);
    await expectGolden('plan.json', json);
  });
});

describe('renderMarkdown', () => {
  it('matches the golden change review', async () => {
    await expectGolden('plan.md', renderMarkdown(plan));
  });

  it('lists the inverse command of each action, last action first', () => {
    const md = renderMarkdown(plan);
    const rollback = md.slice(md.indexOf('## How to roll back'));
    expect(rollback.indexOf('### Undo a8')).toBeLessThan(rollback.indexOf('### Undo a1'));
    expect(rollback).toContain(
      `az role assignment delete --ids ${RG}/providers/Microsoft.Authorization/roleAssignments/4f1d3c2b-5a6e-5f70-8a9b-0c1d2e3f4a5b\n`,
    );
    expect(rollback).toContain(
      'az vm extension delete --resource-group rg-app --vm-name vm-db-01 --name AADSSHLoginForLinux\n',
    );
    expect(rollback).toContain(`az vm identity remove --ids ${VM_DB} --identities '[system]'\n`);
    expect(rollback).toContain(
      `az rest --method PATCH --url https://graph.microsoft.com/beta/users/${ALICE_ID}/authentication/requirements --body '{"perUserMfaState":"enforced"}'\n`,
    );
    expect(rollback).toContain(
      `az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/identitySecurityDefaultsEnforcementPolicy --body '{"isEnabled":true}'\n`,
    );
    expect(rollback).toContain(
      'az rest --method DELETE --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/<policy id>\n',
    );
    expect(rollback).toContain('az ad sp delete --id 372140e0-b3b7-4226-8ef9-d57986796201\n');
  });

  it('escapes pipes in table cells', () => {
    const odd = makePlan([{ ...makeAction({ id: 'a1' }), summary: 'a | b', requires: 'x\ny' }]);
    expect(renderMarkdown(odd)).toContain('| a \\| b | x y |');
  });
});

describe('rollbackFor', () => {
  it('has an inverse for every action kind, using the cloud’s Graph endpoint', () => {
    for (const kind of ACTION_KINDS) {
      const r = rollbackFor(makeAction({ id: 'a1', kind, target: 'graph:/users/u1' }), 'AzureUSGovernment');
      expect(r.command.length, kind).toBeGreaterThan(10);
      if (r.command.includes('az rest')) expect(r.command, kind).toContain('https://graph.microsoft.us/');
    }
  });

  it('restores a changed policy from the recorded previous values', () => {
    const action = {
      ...makeAction({ id: 'a1', kind: 'update-ca-policy', target: 'graph:/identity/conditionalAccess/policies/p-1' }),
      params: { before: { state: 'enabledForReportingButNotEnforced' } },
    };
    expect(rollbackFor(action, 'AzureCloud')).toEqual({
      command: `az rest --method PATCH --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/p-1 --body '{"state":"enabledForReportingButNotEnforced"}'`,
      note: undefined,
    });
  });

  it('deletes a role assignment by principal and role when its name is unknown', () => {
    const action = {
      ...makeAction({ id: 'a1', kind: 'assign-role', target: RG }),
      params: { principalId: 'p1', roleDefinitionGuid: 'r1' },
    };
    expect(rollbackFor(action, 'AzureCloud').command).toBe(
      `az role assignment delete --assignee p1 --role r1 --scope ${RG}`,
    );
  });
});

describe('helpers', () => {
  it('quotes shell values only when needed', () => {
    expect(shellQuote('/subscriptions/x/resourceGroups/rg-1')).toBe('/subscriptions/x/resourceGroups/rg-1');
    expect(shellQuote('rg (prod)')).toBe(`'rg (prod)'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });

  it('paints only when enabled', () => {
    expect(paint(false).colour('red', 'x')).toBe('x');
    expect(paint(true).colour('gray', 'x')).toBe('\u001b[90mx\u001b[39m');
    expect(paint(true).bold('')).toBe('');
  });
});
