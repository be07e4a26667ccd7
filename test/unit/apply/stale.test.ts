import { describe, expect, it } from 'vitest';
import { diffFingerprints, withoutOwnWrites } from '../../../src/apply/stale';

describe('diffFingerprints', () => {
  it('reports changed and vanished planned resources, ignoring new ones and id case', () => {
    const planned = { '/subscriptions/s/VM1': 'e1', '/subscriptions/s/vm2': 'e2', '/subscriptions/s/vm3': 'e3' };
    const current = { '/subscriptions/s/vm1': 'e1', '/subscriptions/s/vm2': 'e2b', '/subscriptions/s/vm4': 'e4' };
    expect(diffFingerprints(planned, current)).toEqual([
      { resourceId: '/subscriptions/s/vm2', before: 'e2', after: 'e2b' },
      { resourceId: '/subscriptions/s/vm3', before: 'e3', after: null },
    ]);
  });

  it('finds nothing when nothing moved', () => {
    expect(diffFingerprints({ a: '1' }, { a: '1' })).toEqual([]);
  });
});

describe('withoutOwnWrites', () => {
  it('drops targets and their facets or children, case-insensitively', () => {
    const changes = ['/s/VM1', '/s/vm1#roleAssignments', '/s/vm1/extensions/x', '/s/vm10', 'graph:/users/u1'].map(
      (resourceId) => ({ resourceId, before: 'a', after: 'b' }),
    );
    expect(withoutOwnWrites(changes, ['/s/vm1']).map((c) => c.resourceId)).toEqual(['/s/vm10', 'graph:/users/u1']);
  });

  it('drops the collection a written member belongs to, not a sibling collection', () => {
    const changes = ['graph:/identity/conditionalAccess/policies', 'graph:/identity/conditionalAccess/policiesX'].map(
      (resourceId) => ({ resourceId, before: 'a', after: 'b' }),
    );
    expect(
      withoutOwnWrites(changes, ['graph:/identity/conditionalAccess/policies/p1']).map((c) => c.resourceId),
    ).toEqual(['graph:/identity/conditionalAccess/policiesX']);
  });

  it('drops role-assignment facets of VMs inside a written resource-group scope', () => {
    const changes = ['/s/rg/vm1#roleAssignments', '/s/rg2/vm2#roleAssignments'].map((resourceId) => ({
      resourceId,
      before: 'a',
      after: 'b',
    }));
    expect(withoutOwnWrites(changes, ['/s/rg']).map((c) => c.resourceId)).toEqual(['/s/rg2/vm2#roleAssignments']);
  });

  it('drops exactly what a comparison with every target would, for ids, facets, children and collections', () => {
    const naive = (key: string, targets: string[]) =>
      targets
        .map((t) => t.toLowerCase())
        .some((t) => key === t || key.startsWith(`${t}#`) || key.startsWith(`${t}/`) || t.startsWith(`${key}/`));
    const ids = [
      '/s/rg',
      '/s/rg/vm1',
      '/S/RG/VM1',
      '/s/rg/vm1#roleAssignments',
      '/s/rg/vm1/extensions/x',
      '/s/rg/vm10',
      '/s/rg2/vm1#roleAssignments',
      '/s',
      'tenant',
      'tenant#securityDefaults',
      'graph:/users/u1',
      'graph:/users/u1/authentication/requirements',
      'graph:/users',
      'graph:/identity/conditionalAccess/policies',
      'graph:/identity/conditionalAccess/policies/p1',
      "graph:/servicePrincipals(appId='a')",
    ];
    const changes = ids.map((resourceId) => ({ resourceId, before: 'a', after: 'b' }));
    for (const targets of [
      ['/s/rg/vm1'],
      ['/s/rg'],
      ['tenant', 'graph:/users/u1'],
      ['graph:/identity/conditionalAccess/policies/p1', '/S/RG2'],
    ]) {
      const kept = withoutOwnWrites(changes, targets).map((c) => c.resourceId);
      expect(kept, targets.join(' ')).toEqual(ids.filter((id) => !naive(id.toLowerCase(), targets)));
    }
  });
});
