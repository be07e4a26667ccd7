import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../src/core/well-known-ids';
import {
  CA_POLICIES_KEY,
  contentHash,
  fingerprintSnapshot,
  perUserMfaKey,
  roleAssignmentsKey,
  SECURITY_DEFAULTS_KEY,
  stableStringify,
  vmContentHash,
} from '../../../src/plan/fingerprint';
import { resourceGroupScope, subscriptionScope } from '../../../src/plan/ids';
import { aadExtension, assignment, snapshotOf, vm } from '../../steps/steps-1-3/fixtures';

describe('stableStringify', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"x":2,"y":1}]},"b":1}',
    );
  });
});

describe('fingerprintSnapshot', () => {
  const web = vm('vm-web-01');
  const base = snapshotOf([web]);

  it('is the same for equal content in any key order', () => {
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(fingerprintSnapshot(base)).toEqual(fingerprintSnapshot(structuredClone(base)));
  });

  it('moves the VM key when an extension appears, and only that key', () => {
    const before = fingerprintSnapshot(base);
    const after = fingerprintSnapshot(snapshotOf([{ ...web, extensions: [aadExtension('Succeeded')] }]));
    expect(after[web.id]).not.toBe(before[web.id]);
    expect(after[roleAssignmentsKey(web.id)]).toBe(before[roleAssignmentsKey(web.id)]);
    expect(after[CA_POLICIES_KEY]).toBe(before[CA_POLICIES_KEY]);
  });

  it('moves the VM role-assignment facet when an inherited assignment appears at the resource group', () => {
    const before = fingerprintSnapshot(base);
    const rg = resourceGroupScope(web.id);
    const after = fingerprintSnapshot({ ...base, roleAssignments: [assignment(rg, 'p1', ROLE_IDS.vmUserLogin)] });
    expect(after[roleAssignmentsKey(web.id)]).not.toBe(before[roleAssignmentsKey(web.id)]);
    expect(after[web.id]).toBe(before[web.id]);
  });

  it('ignores an assignment on another VM', () => {
    const before = fingerprintSnapshot(base);
    const other = vm('vm-other').id;
    const after = fingerprintSnapshot({ ...base, roleAssignments: [assignment(other, 'p1', ROLE_IDS.vmUserLogin)] });
    expect(after[roleAssignmentsKey(web.id)]).toBe(before[roleAssignmentsKey(web.id)]);
  });

  it('counts exactly the assignments whose scope covers the VM: root, subscription, group and VM, in any case', () => {
    const scopes = {
      root: '/',
      subscription: `${subscriptionScope(web.id).toUpperCase()}/`,
      group: resourceGroupScope(web.id),
      vm: web.id.toLowerCase(),
      otherVm: vm('vm-other').id,
      managementGroup: '/providers/Microsoft.Management/managementGroups/mg1',
      prefixOnly: `${web.id}2`,
    };
    const hashWith = (names: (keyof typeof scopes)[]) =>
      fingerprintSnapshot({
        ...base,
        roleAssignments: names.map((n, i) => assignment(scopes[n], `p${i}`, ROLE_IDS.vmUserLogin)),
      })[roleAssignmentsKey(web.id)];
    const all = Object.keys(scopes) as (keyof typeof scopes)[];
    // The facet of all seven equals the facet of only the four that cover the VM (same principals, same order).
    const covering = all.map((n) => (['root', 'subscription', 'group', 'vm'].includes(n) ? n : undefined));
    const expected = fingerprintSnapshot({
      ...base,
      roleAssignments: covering.flatMap((n, i) => (n ? [assignment(scopes[n], `p${i}`, ROLE_IDS.vmUserLogin)] : [])),
    })[roleAssignmentsKey(web.id)];
    expect(hashWith(all)).toBe(expected);
    expect(hashWith(['otherVm', 'managementGroup', 'prefixOnly'])).toBe(
      fingerprintSnapshot(base)[roleAssignmentsKey(web.id)],
    );
    for (const n of ['root', 'subscription', 'group', 'vm'] as const) {
      expect(hashWith([n])).not.toBe(fingerprintSnapshot(base)[roleAssignmentsKey(web.id)]);
    }
  });

  it('hashes a VM exactly as contentHash hashes its facts object', () => {
    const vms = [
      web,
      {
        ...web,
        identity: { type: 'SystemAssigned, UserAssigned', userAssignedIds: ['/b', '/a'] },
        extensions: [
          { ...aadExtension('Failed'), typeHandlerVersion: undefined },
          { ...aadExtension('Succeeded'), name: 'AADLogin"\u2019', typeHandlerVersion: '1.0' },
        ],
      },
    ];
    for (const v of vms) {
      expect(vmContentHash(v)).toBe(
        contentHash({
          identity: v.identity.type,
          userAssigned: [...v.identity.userAssignedIds].sort(),
          power: v.powerState,
          extensions: v.extensions
            .map((e) => ({ name: e.name, type: e.type, state: e.provisioningState, version: e.typeHandlerVersion }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        }),
      );
    }
  });

  it('keys tenant settings by the Graph path their actions write', () => {
    const f = fingerprintSnapshot({ ...base, securityDefaultsEnabled: true, perUserMfa: { u1: 'enforced' } });
    expect(f[SECURITY_DEFAULTS_KEY]).toBe(contentHash(true));
    expect(f[perUserMfaKey('u1')]).toBe(contentHash('enforced'));
  });

  it('moves the CA key when a policy changes state', () => {
    const policy = {
      id: 'p',
      displayName: 'x',
      state: 'enabledForReportingButNotEnforced' as const,
      conditions: { applications: { includeApplications: ['All'] } },
      grantControls: { operator: 'OR' as const, builtInControls: ['mfa'] },
    };
    const a = fingerprintSnapshot({ ...base, caPolicies: [policy] });
    const b = fingerprintSnapshot({ ...base, caPolicies: [{ ...policy, state: 'enabled' }] });
    expect(a[CA_POLICIES_KEY]).not.toBe(b[CA_POLICIES_KEY]);
  });
});
