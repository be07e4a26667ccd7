import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../../src/plan/planner';
import { carryText, isRendered, renderFrom } from '../../../src/plan/rendered-text';
import type { ActionDraft, FindingDraft } from '../../../src/plan/types';
import { ACTION_MEMBERS, CREATED_AT, fixtureAnswers, RG, TENANT_ID } from '../../fixtures/plan';

interface Entry {
  id: string;
  summary: string;
  params: { name: string };
  note: string;
}

const shared = {
  summary: (e: { params: { name: string } }) => `Assign a role to ${e.params.name}`,
  note: (e: { id: string }) => `entry ${e.id}`,
};

const rendered = (name: string): Entry =>
  renderFrom({ id: 'a1', summary: '', params: { name }, note: '' }, shared, 'summary', 'note');

describe('rendered texts', () => {
  it('reads, serializes and compares like the same entry with the texts stored', () => {
    const e = rendered('ops');
    const plain = { id: 'a1', summary: 'Assign a role to ops', params: { name: 'ops' }, note: 'entry a1' };
    expect(e.summary).toBe('Assign a role to ops');
    expect(JSON.stringify(e)).toBe(JSON.stringify(plain));
    expect(Object.keys(e)).toEqual(['id', 'summary', 'params', 'note']);
    expect(e).toEqual(plain);
    expect({ ...e }).toEqual(plain);
    expect(structuredClone(e)).toEqual(plain);
  });

  it('renders from the current fields, so nothing stale is kept', () => {
    const e = rendered('ops');
    e.params.name = 'vm-admins';
    expect(e.summary).toBe('Assign a role to vm-admins');
  });

  it('turns a member into a stored value when assigned, in the same place', () => {
    const e = rendered('ops');
    e.summary = 'edited';
    expect(isRendered(e, 'summary')).toBe(false);
    expect(isRendered(e, 'note')).toBe(true);
    expect(Object.keys(e)).toEqual(['id', 'summary', 'params', 'note']);
    expect(JSON.stringify(e)).toBe('{"id":"a1","summary":"edited","params":{"name":"ops"},"note":"entry a1"}');
  });

  it('carries a rendered member as rendered and a stored one as its value', () => {
    const from = rendered('ops');
    from.note = 'stored';
    const to = { id: 'a7', params: { name: 'web' } } as Partial<Entry>;
    carryText(from, to, 'summary');
    carryText(from, to, 'note');
    expect(isRendered(to, 'summary')).toBe(true);
    expect(to.summary).toBe('Assign a role to web');
    expect(isRendered(to, 'note')).toBe(false);
    expect(to.note).toBe('stored');
  });

  it('lets a source hold data of its own, called as its method', () => {
    class Texts {
      constructor(private readonly names: readonly string[]) {}
      note(): string {
        return this.names.join(', ');
      }
    }
    const e = renderFrom({ note: '' }, new Texts(['vm-1', 'vm-2']), 'note');
    expect(e.note).toBe('vm-1, vm-2');
  });
});

describe('a plan assembled from rendered drafts', () => {
  const params = { scope: `${RG}/providers/Microsoft.Compute/virtualMachines/vm-web-01`, principal: 'ops' };
  const texts = {
    summary: (d: { params: typeof params }) => `Assign Virtual Machine User Login to ${d.params.principal}`,
    reason: (d: { target: string }) => `Needed on ${d.target}`,
    requires: () => 'Owner',
    command: (d: { params: typeof params }) => `az role assignment create --scope ${d.params.scope}`,
  };
  const message = { message: () => 'ops has no login role', remediation: () => 'az role assignment create' };

  const draftWith = (lazy: boolean): ActionDraft => {
    const base = { key: 'k1', kind: 'assign-role' as const, step: 'role-assignment' as const };
    const rest = { target: params.scope, dependsOn: [] as string[], params: { ...params } };
    if (lazy) return renderFrom({ ...base, ...rest }, texts, 'summary', 'reason', 'requires', 'command');
    const d = { ...base, ...rest, params: { ...params } };
    return { ...d, summary: texts.summary(d), reason: texts.reason(d), requires: 'Owner', command: texts.command(d) };
  };
  const findingWith = (lazy: boolean): FindingDraft => {
    const base = {
      code: 'role-missing' as const,
      severity: 'error' as const,
      step: 'role-assignment' as const,
      target: params.scope,
      fixedBy: ['k1'],
    };
    return lazy
      ? renderFrom(base, message, 'message', 'remediation')
      : { ...base, message: message.message(), remediation: message.remediation() };
  };
  const planOf = (lazy: boolean) =>
    assemblePlan({
      drafts: [draftWith(lazy)],
      findings: [findingWith(lazy)],
      answers: fixtureAnswers(),
      cloud: 'AzureCloud',
      tenantId: TENANT_ID,
      fingerprint: {},
      createdAt: CREATED_AT,
    });

  it('has the same text, members in the same order, and the same digest as from stored texts', () => {
    const lazy = planOf(true);
    const stored = planOf(false);
    expect(isRendered(lazy.actions[0]!, 'command')).toBe(true);
    expect(isRendered(lazy.findings[0]!, 'message')).toBe(true);
    expect(isRendered(stored.actions[0]!, 'command')).toBe(false);
    expect(JSON.stringify(lazy, null, 2)).toBe(JSON.stringify(stored, null, 2));
    expect(lazy.digest).toBe(stored.digest);
    expect(Object.keys(lazy.actions[0]!)).toEqual([...ACTION_MEMBERS]);
    expect(lazy.findings[0]!.fixedBy).toEqual(['a1']);
  });
});
