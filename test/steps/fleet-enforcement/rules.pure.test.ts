/** Enforcement rules, scope parsing, compliance report and the emulator's policy evaluator: pure. */
import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateExpression } from '../../../src/emulator/arm/policy-eval';
import type { EnforcementFacts, PolicyAssignmentFacts } from '../../../src/plan/enforcement';
import { complianceReport, renderCompliance } from '../../../steps/fleet-enforcement/compliance';
import {
  assignmentId,
  CUSTOM_DEFINITION_VERSION,
  customDefinitionBody,
  customDefinitionId,
  enforcedPolicies,
} from '../../../steps/fleet-enforcement/definition';
import { fingerprintEnforcement, planEnforcement } from '../../../steps/fleet-enforcement/rules';
import { parseEnforceScope } from '../../../steps/fleet-enforcement/scope';

const SUB = '11111111-2222-3333-4444-555555555555';
const scope = parseEnforceScope(SUB);
const choices = { scope, audit: false };

function emptyFacts(): EnforcementFacts {
  return {
    scope: scope.id,
    definitions: {},
    assignments: {},
    identityRoles: {},
    remediations: {},
    states: {},
    location: 'westeurope',
    locationSource: 'test',
  };
}

/** Everything enforcement writes already exists, identities hold their roles, every VM compliant. */
function enforcedFacts(): EnforcementFacts {
  const facts = emptyFacts();
  const defId = customDefinitionId(scope);
  facts.definitions[defId.toLowerCase()] = {
    id: defId,
    name: 'x',
    policyType: 'Custom',
    version: CUSTOM_DEFINITION_VERSION,
    contentHash: 'h',
  };
  for (const p of enforcedPolicies(scope, false)) {
    const id = assignmentId(scope, p.assignmentName).toLowerCase();
    const a: PolicyAssignmentFacts = {
      id,
      name: p.assignmentName,
      scope: scope.id,
      policyDefinitionId: p.definitionId,
      parameters: Object.fromEntries(Object.entries(p.parameters).map(([k, v]) => [k, v.value])),
      enforcementMode: 'Default',
      principalId: `pid-${p.key}`,
    };
    facts.assignments[id] = a;
    facts.identityRoles[id] = [...p.roleGuids];
    facts.remediations[id] = [
      {
        id: `${id}-r`,
        name: `${p.assignmentName}-1`,
        policyAssignmentId: id,
        provisioningState: 'Succeeded',
        totalDeployments: 1,
        successfulDeployments: 1,
        failedDeployments: 0,
      },
    ];
    facts.states[id] = [
      {
        resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`,
        resourceType: 'Microsoft.Compute/virtualMachines',
        complianceState: 'Compliant',
        policyAssignmentId: id,
        policyDefinitionId: p.definitionId,
      },
    ];
  }
  return facts;
}

describe('parseEnforceScope', () => {
  it('accepts a management group, a subscription (bare or as id) and a resource group', () => {
    expect(parseEnforceScope('/providers/Microsoft.Management/managementGroups/corp')).toMatchObject({
      kind: 'management-group',
      definitionScope: '/providers/Microsoft.Management/managementGroups/corp',
    });
    expect(parseEnforceScope(`/subscriptions/${SUB.toUpperCase()}`).id).toBe(`/subscriptions/${SUB}`);
    expect(parseEnforceScope(`/subscriptions/${SUB}/resourceGroups/rg-prod`)).toMatchObject({
      kind: 'resource-group',
      definitionScope: `/subscriptions/${SUB}`,
      resourceGroup: 'rg-prod',
    });
  });
  it('refuses anything else with a bad-input error', () => {
    for (const bad of ['rg-prod', '/subscriptions/x', `/subscriptions/${SUB}/resourceGroups/rg/providers/a/b/c`]) {
      expect(() => parseEnforceScope(bad)).toThrow(/not a management group, subscription or resource group id/);
    }
  });
});

describe('planEnforcement', () => {
  it('plans every object once on an empty scope, each role and remediation after its assignment', () => {
    const drafts = planEnforcement(emptyFacts(), choices);
    expect(drafts.map((d) => d.kind)).toEqual([
      'create-policy-definition',
      'assign-policy',
      'assign-policy-role',
      'start-remediation',
      'assign-policy',
      'assign-policy-role',
      'start-remediation',
      'assign-policy',
      'assign-policy-role',
      'start-remediation',
    ]);
    const byKey = new Map(drafts.map((d) => [d.key, d]));
    const ext = drafts.at(-1)!;
    expect(ext.params.resourceDiscoveryMode).toBe('ReEvaluateCompliance');
    expect(ext.dependsOn.map((k) => byKey.get(k)!.kind).sort()).toEqual([
      'assign-policy',
      'assign-policy-role',
      'start-remediation',
      'start-remediation',
    ]);
    expect(drafts[0]!.command).toContain(`--subscription ${SUB}`);
    expect(drafts[0]!.command).toContain(`'[parameters('\\''effect'\\'')]'`.slice(1, -1));
  });

  it('plans nothing when everything is in place and every VM is compliant', () => {
    expect(planEnforcement(enforcedFacts(), choices)).toEqual([]);
  });

  it('plans only a new remediation, numbered after the last, for VMs that became non-compliant', () => {
    const facts = enforcedFacts();
    const ext = assignmentId(scope, 'evl-entra-login-ext').toLowerCase();
    facts.states[ext]![0]!.complianceState = 'NonCompliant';
    const drafts = planEnforcement(facts, choices);
    expect(drafts.map((d) => [d.kind, d.params.name, d.params.resourceDiscoveryMode])).toEqual([
      ['start-remediation', 'evl-entra-login-ext-2', 'ExistingNonCompliant'],
    ]);
  });

  it('does not start a remediation while one of the same assignment runs', () => {
    const facts = enforcedFacts();
    const ext = assignmentId(scope, 'evl-entra-login-ext').toLowerCase();
    facts.states[ext]![0]!.complianceState = 'NonCompliant';
    facts.remediations[ext]![0]!.provisioningState = 'Evaluating';
    expect(planEnforcement(facts, choices)).toEqual([]);
  });

  it('gives a missing role back to an existing assignment identity', () => {
    const facts = enforcedFacts();
    facts.identityRoles[assignmentId(scope, 'evl-identity-none').toLowerCase()] = [];
    expect(planEnforcement(facts, choices).map((d) => d.kind)).toEqual(['assign-policy-role']);
  });

  it('audit mode: the definition and one AuditIfNotExists assignment without identity', () => {
    const drafts = planEnforcement(emptyFacts(), { scope, audit: true });
    expect(drafts.map((d) => d.kind)).toEqual(['create-policy-definition', 'assign-policy']);
    expect(drafts[1]!.params).toMatchObject({ identity: false, parameters: { effect: { value: 'AuditIfNotExists' } } });
  });

  it('a management group gets no re-evaluation (unsupported there) and names the group in commands', () => {
    const mg = parseEnforceScope('/providers/Microsoft.Management/managementGroups/corp');
    const drafts = planEnforcement(emptyFacts(), { scope: mg, audit: false });
    const remediation = drafts.find((d) => d.kind === 'start-remediation')!;
    expect(remediation.params.resourceDiscoveryMode).toBe('ExistingNonCompliant');
    expect(remediation.command).toContain('--management-group corp');
    expect(enforcedPolicies(mg, false).every((p) => p.assignmentName.length <= 24)).toBe(true);
  });

  it('fingerprints change when an assignment or its remediations change', () => {
    const a = fingerprintEnforcement(enforcedFacts(), choices);
    const facts = enforcedFacts();
    const ext = assignmentId(scope, 'evl-entra-login-ext').toLowerCase();
    facts.remediations[ext]!.push({ ...facts.remediations[ext]![0]!, name: 'other' });
    const b = fingerprintEnforcement(facts, choices);
    const changed = Object.keys(a).filter((k) => a[k] !== b[k]);
    expect(changed).toEqual([`${scope.id}/providers/Microsoft.PolicyInsights/remediations`]);
  });
});

describe('complianceReport', () => {
  it('counts VMs once across assignments and says what each non-compliant one lacks', () => {
    const facts = enforcedFacts();
    const none = assignmentId(scope, 'evl-identity-none').toLowerCase();
    const ext = assignmentId(scope, 'evl-entra-login-ext').toLowerCase();
    facts.states[none]![0]!.complianceState = 'NonCompliant';
    facts.states[ext]![0]!.complianceState = 'NonCompliant';
    facts.remediations[ext]![0]!.provisioningState = 'Evaluating';
    const report = complianceReport(facts, choices);
    expect([report.compliant, report.nonCompliant, report.remediating]).toEqual([0, 1, 1]);
    expect(renderCompliance(report)).toContain(
      '… vm1: lacks a system-assigned managed identity (evl-identity-none); lacks AADLoginForWindows or AADSSHLoginForLinux in state Succeeded (evl-entra-login-ext) (remediating)',
    );
  });
});

describe('the emulator policy evaluator', () => {
  const vm = (osType: string, sku: string) => (alias: string) =>
    ({
      type: 'Microsoft.Compute/virtualMachines',
      'microsoft.compute/virtualmachines/storageprofile.osdisk.ostype': osType,
      'microsoft.compute/imagesku': sku,
    })[alias.toLowerCase()];
  const rule = customDefinitionBody().policyRule as { if: unknown };

  it('evaluates template expressions', () => {
    const ctx = {
      field: (a: string) => (a === 'identity.type' ? 'UserAssigned' : undefined),
      parameters: { effect: 'x' },
    };
    expect(evaluateExpression("[concat(field('identity.type'), ',SystemAssigned')]", ctx)).toBe(
      'UserAssigned,SystemAssigned',
    );
    expect(evaluateExpression("[if(equals('Windows', 'windows'), 'a', 'b')]", ctx)).toBe('a');
    expect(evaluateExpression("[parameters('effect')]", ctx)).toBe('x');
    expect(evaluateExpression('[requestContext().apiVersion]', ctx)).toMatch(/^\d{4}-/);
    expect(evaluateExpression('[[literal]', ctx)).toBe('[literal]');
  });

  it("matches the tool's definition to supported images only", () => {
    const matches = (os: string, sku: string) => evaluateCondition(rule.if, { field: vm(os, sku), parameters: {} });
    expect(matches('Windows', '2022-datacenter-azure-edition')).toBe(true);
    expect(matches('Windows', 'win11-23h2-ent')).toBe(true);
    expect(matches('Windows', '2016-datacenter')).toBe(false);
    expect(matches('Windows', '2022-datacenter-core')).toBe(false);
    expect(matches('Linux', 'server')).toBe(true);
  });

  it('compares strings without case and tests existence', () => {
    const field = (a: string) => (a === 'x' ? 'Hello' : undefined);
    const is = (c: unknown) => evaluateCondition(c, { field, parameters: {} });
    expect(is({ field: 'x', equals: 'hello' })).toBe(true);
    expect(is({ field: 'x', in: ['HELLO', 'b'] })).toBe(true);
    expect(is({ field: 'y', exists: 'false' })).toBe(true);
    expect(is({ not: { field: 'x', like: 'h*' } })).toBe(false);
    expect(is({ field: 'x', notContains: 'ell' })).toBe(false);
  });
});

describe('the enforcement view', () => {
  it('lists the assignments, then each non-compliant VM with what it lacks', async () => {
    const { view } = await import('../../../steps/fleet-enforcement/view');
    const facts = enforcedFacts();
    const ext = assignmentId(scope, 'evl-entra-login-ext').toLowerCase();
    facts.states[ext]![0]!.complianceState = 'NonCompliant';
    const v = view(complianceReport(facts, choices));
    expect(v.rows.map((r) => [r.subject, r.planned])).toEqual([
      ['evl-identity-none', 'keeps every VM at the scope configured'],
      ['evl-identity-user', 'keeps every VM at the scope configured'],
      ['evl-entra-login-ext', 'keeps every VM at the scope configured'],
      ['vm1', 'next remediation'],
    ]);
    expect(v.notes).toEqual(['0 compliant · 1 non-compliant · 0 remediating']);
  });
});
