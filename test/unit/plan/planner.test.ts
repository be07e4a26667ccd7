import { describe, expect, it } from 'vitest';
import { BugError } from '../../../src/errors';
import { computeDigest, verifyDigest } from '../../../src/plan/digest';
import { assemblePlan, sortFindings, summarize } from '../../../src/plan/planner';
import type { ActionDraft, FindingDraft } from '../../../src/plan/types';
import { clearSecrets, registerSecret } from '../../../src/redact';
import {
  ACTION_MEMBERS,
  CREATED_AT,
  fixtureAnswers,
  fixtureDrafts,
  fixtureFindings,
  fixtureFingerprint,
  fixturePlan,
  makePlan,
  RG,
  TENANT_ID,
  VM_DB,
  VM_WEB,
} from '../../fixtures/plan';

const base = { answers: fixtureAnswers(), cloud: 'AzureCloud' as const, tenantId: TENANT_ID, fingerprint: {} };

function draft(key: string, dependsOn: string[] = []): ActionDraft {
  return {
    key,
    kind: 'assign-role',
    step: 'role-assignment',
    target: `${RG}/${key}`,
    summary: key,
    reason: 'r',
    dependsOn,
    requires: 'Owner',
    command: 'az',
    params: {},
  };
}

describe('assemblePlan', () => {
  const plan = fixturePlan();

  it('numbers actions a1… in dependency order, keeping step order for ties', () => {
    expect(plan.actions.map((a) => [a.id, a.kind, a.target, a.dependsOn])).toEqual([
      ['a1', 'install-extension', VM_WEB, []],
      ['a2', 'enable-system-identity', VM_DB, []],
      ['a3', 'install-extension', VM_DB, ['a2']],
      ['a4', 'assign-role', RG, []],
      ['a5', 'create-service-principal', "graph:/servicePrincipals(appId='372140e0-b3b7-4226-8ef9-d57986796201')", []],
      ['a6', 'create-ca-policy', 'graph:/identity/conditionalAccess/policies', ['a5']],
      ['a7', 'disable-per-user-mfa', 'graph:/users/a0b1c2d3-0000-4000-8000-0000000000a1', ['a6']],
      ['a8', 'disable-security-defaults', 'tenant', ['a6']],
    ]);
  });

  it('drops a dependency on a draft that is not in the plan (the prerequisite exists)', () => {
    const webExtension = fixtureDrafts()[0]!;
    expect(webExtension.dependsOn).toHaveLength(1);
    expect(plan.actions[0]!.dependsOn).toEqual([]);
  });

  it('gives every action without dependencies one shared, frozen empty list (a fleet has tens of thousands)', () => {
    const none = plan.actions.filter((a) => a.dependsOn.length === 0);
    expect(none.map((a) => a.id)).toEqual(['a1', 'a2', 'a4', 'a5']);
    for (const a of none) expect(a.dependsOn).toBe(none[0]!.dependsOn);
    expect(Object.isFrozen(none[0]!.dependsOn)).toBe(true);
  });

  it('does not carry draft keys into actions', () => {
    expect(Object.keys(plan.actions[0]!)).toEqual([...ACTION_MEMBERS]);
  });

  it('sorts findings by severity, step, target and maps fixedBy to ids', () => {
    expect(plan.findings.map((f) => [f.severity, f.code, f.target, f.fixedBy])).toEqual([
      ['error', 'role-missing', VM_DB, ['a4']],
      ['error', 'role-missing', VM_WEB, ['a4']],
      [
        'error',
        'service-principal-missing',
        "graph:/servicePrincipals(appId='372140e0-b3b7-4226-8ef9-d57986796201')",
        ['a5'],
      ],
      ['warning', 'network-endpoint-blocked', VM_DB, []],
      ['info', 'owner-without-login-role', VM_WEB, []],
    ]);
  });

  it('fills the header and a digest that matches the content', () => {
    expect(plan.version).toBe(1);
    expect(plan.tool).toBe('entra-vm-login');
    expect(plan.createdAt).toBe('2026-11-22T10:00:00Z');
    expect(plan.cloud).toBe('AzureCloud');
    expect(plan.tenantId).toBe(TENANT_ID);
    expect(plan.fingerprint).toEqual(fixtureFingerprint());
    expect(plan.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.digest).toBe(computeDigest(plan));
    expect(verifyDigest(plan)).toBe(true);
  });

  it('is deterministic: the same input gives the same digest', () => {
    expect(fixturePlan()).toEqual(plan);
    const other = assemblePlan({
      ...base,
      drafts: fixtureDrafts(),
      findings: fixtureFindings(),
      fingerprint: fixtureFingerprint(),
      createdAt: new Date('2026-11-22T10:00:01.500Z'),
    });
    expect(other.createdAt).toBe('2026-11-22T10:00:01Z');
    expect(other.digest).not.toBe(plan.digest);
  });

  it('merges drafts with the same key: first wins, dependencies are united', () => {
    const first = { ...draft('k:x', ['k:a']), summary: 'first' };
    const second = { ...draft('k:x', ['k:b']), summary: 'second' };
    const p = assemblePlan({ ...base, drafts: [first, draft('k:a'), second, draft('k:b')], findings: [] });
    expect(p.actions.map((a) => [a.id, a.summary, a.dependsOn])).toEqual([
      ['a1', 'k:a', []],
      ['a2', 'k:b', []],
      ['a3', 'first', ['a1', 'a2']],
    ]);
  });

  it('drops fixedBy keys that name no draft and de-duplicates them', () => {
    const finding: FindingDraft = {
      code: 'role-missing',
      severity: 'error',
      step: 'role-assignment',
      target: VM_WEB,
      message: 'm',
      remediation: 'r',
      fixedBy: ['k:a', 'k:gone', 'k:a'],
    };
    const p = assemblePlan({ ...base, drafts: [draft('k:a')], findings: [finding] });
    expect(p.findings[0]!.fixedBy).toEqual(['a1']);
  });

  it('throws a BugError for a cycle between drafts', () => {
    expect(() =>
      assemblePlan({
        ...base,
        drafts: [draft('k:a', ['k:b']), draft('k:b', ['k:a'])],
        findings: [],
        createdAt: CREATED_AT,
      }),
    ).toThrow(BugError);
  });

  it('redacts a token echoed into an action or a finding, and digests the redacted plan', () => {
    const token = 'eyJ0eXAi.secret-token-value';
    const clean = assemblePlan({ ...base, drafts: [draft('k:a')], findings: [], createdAt: CREATED_AT });
    registerSecret(token);
    try {
      const echoed = { ...draft('k:a'), reason: `ARM said: invalid token ${token}` };
      const finding: FindingDraft = {
        code: 'role-missing',
        severity: 'error',
        step: 'role-assignment',
        target: VM_WEB,
        message: `denied for ${token}`,
        remediation: 'r',
        fixedBy: ['k:a'],
      };
      const p = assemblePlan({ ...base, drafts: [echoed], findings: [finding], createdAt: CREATED_AT });
      expect(JSON.stringify(p)).not.toContain(token);
      expect(p.actions[0]!.reason).toBe('ARM said: invalid token [redacted]');
      expect(p.findings[0]!.message).toBe('denied for [redacted]');
      expect(verifyDigest(p)).toBe(true);
      // A plan with no token in it keeps its digest: the watch changes nothing it does not find.
      expect(assemblePlan({ ...base, drafts: [draft('k:a')], findings: [], createdAt: CREATED_AT }).digest).toBe(
        clean.digest,
      );
    } finally {
      clearSecrets();
    }
  });

  it('gives an empty plan when there is nothing to do', () => {
    const p = assemblePlan({ ...base, drafts: [], findings: [], createdAt: CREATED_AT });
    expect(p.actions).toEqual([]);
    expect(verifyDigest(p)).toBe(true);
  });
});

describe('sortFindings', () => {
  it('keeps the given order among equal keys', () => {
    const f = (code: string) => ({ severity: 'info' as const, step: 'vm-selection' as const, target: 't', code });
    expect(sortFindings([f('x'), f('y'), f('z')]).map((x) => x.code)).toEqual(['x', 'y', 'z']);
  });
});

describe('summarize', () => {
  it('counts actions by verb and kind and findings by severity', () => {
    const s = summarize(fixturePlan());
    expect(s.create).toBe(5);
    expect(s.change).toBe(3);
    expect(s.byKind).toEqual({
      'enable-system-identity': 1,
      'install-extension': 2,
      'assign-role': 1,
      'create-service-principal': 1,
      'create-ca-policy': 1,
      'update-ca-policy': 0,
      'disable-per-user-mfa': 1,
      'disable-security-defaults': 1,
      'create-policy-definition': 0,
      'assign-policy': 0,
      'assign-policy-role': 0,
      'start-remediation': 0,
      'enable-ca-policies': 0,
      'remove-stale-device': 0,
      'start-vm': 0,
    });
    expect(s.findings).toEqual({ error: 3, warning: 1, info: 1 });
    expect(s.line).toBe('Plan: 5 to create, 3 to change.');
  });

  it('says so when there are no changes', () => {
    expect(summarize(makePlan([])).line).toBe('No changes.');
  });
});
