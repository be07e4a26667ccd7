/**
 * Does an NSG block what the Entra login extension needs: outbound TCP 443 to Entra ID (docs/reference/azure-facts.md §1.7, §5.6)?
 * Pure, and deliberately narrow: NSG rules are evaluated by priority (lowest number first, first match wins),
 * for the destinations `Internet` and `AzureActiveDirectory`. Rules naming IP prefixes are not evaluated:
 * which addresses Entra uses changes, so effective reachability is checked on the VM itself.
 */
import type { NsgFacts, NsgRuleFacts } from '../plan/snapshot';

/** The destinations Entra sign-in traffic may be classified as. */
export type EntraDestination = 'Internet' | 'AzureActiveDirectory';
const DESTINATIONS: EntraDestination[] = ['Internet', 'AzureActiveDirectory'];

export interface BlockingRule {
  nsgId: string;
  rule: NsgRuleFacts;
  destination: EntraDestination;
}

const ANY = new Set(['*', 'any', '0.0.0.0/0', 'internet']);

/** Whether a rule's destination prefixes include traffic to `destination` (AAD addresses are Internet ones). */
function coversDestination(rule: NsgRuleFacts, destination: EntraDestination): boolean {
  return rule.destinationAddressPrefixes.some((p) => {
    const prefix = p.trim().toLowerCase();
    if (ANY.has(prefix)) return true;
    return (
      destination === 'AzureActiveDirectory' &&
      (prefix === 'azureactivedirectory' || prefix.startsWith('azureactivedirectory.'))
    );
  });
}

function coversPort443(rule: NsgRuleFacts): boolean {
  return rule.destinationPortRanges.some((r) => {
    const range = r.trim();
    if (range === '*') return true;
    const [from, to] = range.split('-').map((n) => Number.parseInt(n, 10));
    if (from === undefined || Number.isNaN(from)) return false;
    return to === undefined || Number.isNaN(to) ? from === 443 : from <= 443 && 443 <= to;
  });
}

function coversTcp(rule: NsgRuleFacts): boolean {
  const p = rule.protocol.trim().toLowerCase();
  return p === '*' || p === 'tcp' || p === 'any';
}

/** The rule that decides outbound TCP 443 to `destination`, or undefined when none matches (allowed). */
export function decidingRule(nsg: NsgFacts, destination: EntraDestination): NsgRuleFacts | undefined {
  return [...nsg.rules]
    .filter((r) => r.direction === 'Outbound' && coversTcp(r) && coversPort443(r) && coversDestination(r, destination))
    .sort((a, b) => a.priority - b.priority)[0];
}

/**
 * Outbound Deny rules that win over every Allow for TCP 443 to Internet or AzureActiveDirectory: one entry per
 * destination that is blocked. An NSG without matching rules blocks nothing (the default rule
 * `AllowInternetOutBound` 65001 allows Internet egress).
 */
export function blockingRules(nsg: NsgFacts): BlockingRule[] {
  const out: BlockingRule[] = [];
  for (const destination of DESTINATIONS) {
    const rule = decidingRule(nsg, destination);
    if (rule && rule.access === 'Deny') out.push({ nsgId: nsg.id, rule, destination });
  }
  return out;
}

/** `Rule 'DenyWeb' (priority 200) in nsg-web denies outbound TCP 443 to Internet`. */
export function describeBlockingRule(b: BlockingRule): string {
  const nsgName = b.nsgId.split('/').pop() ?? b.nsgId;
  return `rule '${b.rule.name}' (priority ${b.rule.priority}) in ${nsgName} denies outbound TCP 443 to ${b.destination}`;
}
