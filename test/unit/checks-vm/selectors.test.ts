import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../../src/plan/answers';
import type { VmFacts } from '../../../src/plan/snapshot';
import { closeMatches, editDistance, selectionProblem, selectVms } from '../../../steps/vm-selection/selectors';

const SUB = '11111111-1111-1111-1111-111111111111';
const vm = (rg: string, name: string, tags: Record<string, string> = {}): VmFacts => ({
  id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  resourceGroup: rg,
  subscriptionId: SUB,
  location: 'westeurope',
  osType: 'Windows',
  powerState: 'running',
  identity: { type: 'None', userAssignedIds: [] },
  extensions: [],
  nicIds: [],
  tags,
});
const ALL = [
  vm('rg-web', 'vm-web-01', { env: 'prod', team: 'web' }),
  vm('rg-web', 'vm-web-02', { env: 'test', team: 'web' }),
  vm('rg-db', 'vm-db-01', { env: 'prod' }),
  vm('rg-db', 'web', {}),
  vm('rg-web', 'web', {}),
];
const names = (r: ReturnType<typeof selectVms>) => r.selected.map((v) => `${v.resourceGroup}/${v.name}`);

describe('editDistance and closeMatches', () => {
  it('computes Levenshtein distance case-insensitively', () => {
    expect(editDistance('vm-web-1', 'vm-web-01')).toBe(1);
    expect(editDistance('vm-web-1', 'VM-WEB-02')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests near names only, nearest first', () => {
    expect(closeMatches('vm-web-1', ['vm-db-01', 'vm-web-02', 'vm-web-01', 'zzz'])).toEqual(['vm-web-01', 'vm-web-02']);
  });
});

describe('selectVms', () => {
  it('selects every VM when no selector is given', () => {
    expect(selectVms(ALL, parseAnswers({})).selected).toHaveLength(5);
  });

  it('selects by name, resourceGroup/name and full id, case-insensitively', () => {
    const r = selectVms(ALL, parseAnswers({ vms: ['VM-WEB-01', 'rg-db/vm-db-01', ALL[1]!.id.toUpperCase()] }));
    expect(names(r)).toEqual(['rg-db/vm-db-01', 'rg-web/vm-web-01', 'rg-web/vm-web-02']);
    expect(selectionProblem(r)).toBeUndefined();
  });

  it('reports an unknown name with close matches in one line', () => {
    const r = selectVms(ALL, parseAnswers({ vms: ['vm-web-1'] }));
    expect(selectionProblem(r)).toBe(
      "no VM named 'vm-web-1' in the selected subscriptions; did you mean vm-web-01, vm-web-02?",
    );
  });

  it('reports an ambiguous bare name', () => {
    const r = selectVms(ALL, parseAnswers({ vms: ['web'] }));
    expect(selectionProblem(r)).toBe("VM name 'web' matches rg-db/web, rg-web/web; give resourceGroup/name");
  });

  it('selects all VMs in resource groups, filtered by every tag', () => {
    expect(names(selectVms(ALL, parseAnswers({ resourceGroups: ['rg-web'] })))).toEqual([
      'rg-web/vm-web-01',
      'rg-web/vm-web-02',
      'rg-web/web',
    ]);
    expect(names(selectVms(ALL, parseAnswers({ tags: ['env=prod'] })))).toEqual(['rg-db/vm-db-01', 'rg-web/vm-web-01']);
    expect(names(selectVms(ALL, parseAnswers({ tags: ['ENV=prod', 'team=web'] })))).toEqual(['rg-web/vm-web-01']);
  });

  it('reports unknown resource groups and unmatched or malformed tags', () => {
    expect(selectionProblem(selectVms(ALL, parseAnswers({ resourceGroups: ['rg-webb'] })))).toBe(
      "no resource group 'rg-webb' with VMs in the selected subscriptions; did you mean rg-web?",
    );
    expect(selectionProblem(selectVms(ALL, parseAnswers({ tags: ['env=prd'] })))).toBe(
      "no selected VM carries the tag 'env=prd'; did you mean env=prod?",
    );
    expect(selectionProblem(selectVms(ALL, parseAnswers({ tags: ['env'] })))).toBe("tag 'env' is not key=value");
  });

  it('gives vmIds precedence over every other selector', () => {
    const r = selectVms(ALL, parseAnswers({ vmIds: [ALL[2]!.id], vms: ['vm-web-01'] }));
    expect(names(r)).toEqual(['rg-db/vm-db-01']);
    const gone = selectVms(ALL, parseAnswers({ vmIds: [ALL[2]!.id.replace('vm-db-01', 'vm-db-09')] }));
    expect(gone.unknown[0]!.suggestions).toEqual(['vm-db-01']);
  });

  it('keeps management-group scopes out of the selection', () => {
    const mg = '/providers/Microsoft.Management/managementGroups/corp';
    const r = selectVms(ALL, parseAnswers({ vms: [mg, 'vm-web-01'] }));
    expect(names(r)).toEqual(['rg-web/vm-web-01']);
    expect(r.managementGroups).toEqual([mg]);
    expect(r.unknown).toEqual([]);
  });
});
