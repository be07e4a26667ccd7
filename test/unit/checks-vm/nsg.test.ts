import { describe, expect, it } from 'vitest';
import { blockingRules, describeBlockingRule } from '../../../src/checks/nsg';
import type { NsgFacts, NsgRuleFacts } from '../../../src/plan/snapshot';

const rule = (
  name: string,
  priority: number,
  access: 'Allow' | 'Deny',
  dest: string[],
  ports = ['443'],
  protocol = 'Tcp',
): NsgRuleFacts => ({
  name,
  priority,
  direction: 'Outbound',
  access,
  protocol,
  destinationAddressPrefixes: dest,
  destinationPortRanges: ports,
});
const DEFAULTS = [
  rule('AllowInternetOutBound', 65001, 'Allow', ['Internet'], ['*'], '*'),
  rule('DenyAllOutBound', 65500, 'Deny', ['*'], ['*'], '*'),
];
const nsg = (...rules: NsgRuleFacts[]): NsgFacts => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-web',
  rules: [...rules, ...DEFAULTS],
});

describe('blockingRules', () => {
  it('allows egress with only the default rules', () => {
    expect(blockingRules(nsg())).toEqual([]);
  });

  it('reports a Deny to Internet on 443 that wins over the default Allow', () => {
    const found = blockingRules(nsg(rule('DenyWeb', 200, 'Deny', ['Internet'], ['80-443'])));
    expect(found.map((b) => [b.rule.name, b.destination])).toEqual([
      ['DenyWeb', 'Internet'],
      ['DenyWeb', 'AzureActiveDirectory'],
    ]);
    expect(describeBlockingRule(found[0]!)).toBe(
      "rule 'DenyWeb' (priority 200) in nsg-web denies outbound TCP 443 to Internet",
    );
  });

  it('ignores a Deny that an earlier Allow to AzureActiveDirectory overrides, for that destination only', () => {
    const found = blockingRules(
      nsg(rule('AllowAad', 100, 'Allow', ['AzureActiveDirectory']), rule('DenyAll', 4000, 'Deny', ['*'], ['*'], '*')),
    );
    expect(found.map((b) => b.destination)).toEqual(['Internet']);
  });

  it('ignores Deny rules for other ports, UDP, inbound, and IP prefixes', () => {
    const inbound = { ...rule('DenyIn', 100, 'Deny', ['*']), direction: 'Inbound' as const };
    expect(
      blockingRules(
        nsg(
          rule('Deny80', 100, 'Deny', ['Internet'], ['80']),
          rule('DenyUdp', 110, 'Deny', ['*'], ['443'], 'Udp'),
          rule('DenyIp', 120, 'Deny', ['10.0.0.0/8']),
          inbound,
        ),
      ),
    ).toEqual([]);
  });

  it('counts a later Deny as harmless when an Allow has a lower priority number', () => {
    expect(
      blockingRules(nsg(rule('AllowWeb', 100, 'Allow', ['Internet']), rule('DenyWeb', 200, 'Deny', ['Internet']))),
    ).toEqual([]);
  });
});
