/**
 * Which VMs the admin's answers select. Pure.
 *
 * Semantics (in this order):
 * - `vmIds` (ids resolved by an earlier discovery; what `apply` re-discovers) win over everything else.
 * - Otherwise the selection is the union of the VMs named in `vms` (name, `resourceGroup/name` or a full
 *   resource id) and of the group selection: VMs in any of `resourceGroups` (all resource groups when none is
 *   given) that carry every tag in `tags` (`key=value`; keys case-insensitive as in Azure, values exact).
 * - With no selector at all, every VM of the searched subscriptions is selected.
 * - Management-group scopes given as selectors select nothing here; the role step reports them.
 * Every selector that matches nothing is returned in `unknown`, with close matches by edit distance.
 */
import { codeUnitOrder } from '../../src/core/numbers';
import { isManagementGroupScope } from '../../src/core/scopes';
import type { Answers } from '../../src/plan/answers';
import { parseResourceId } from '../../src/plan/ids';
import type { VmFacts } from '../../src/plan/snapshot';

export interface UnknownSelector {
  selector: string;
  suggestions: string[];
  /** One clause naming the problem and the close matches. */
  message: string;
}

export interface AmbiguousSelector {
  selector: string;
  matches: string[];
}

export interface SelectionResult {
  /** Sorted by id, no duplicates. */
  selected: VmFacts[];
  unknown: UnknownSelector[];
  ambiguous: AmbiguousSelector[];
  managementGroups: string[];
}

export type SelectorAnswers = Pick<Answers, 'vms' | 'resourceGroups' | 'tags' | 'vmIds'>;

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** Up to `max` candidates within a third of the length (at least 2 edits), nearest first, then by name. */
export function closeMatches(target: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(target.length / 3));
  const seen = new Map<string, number>();
  for (const c of candidates) {
    if (seen.has(c)) continue;
    const d = editDistance(target, c);
    if (d <= limit) seen.set(c, d);
  }
  return [...seen.entries()]
    .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
    .slice(0, max)
    .map(([c]) => c);
}

const didYouMean = (s: string[]) => (s.length ? `; did you mean ${s.join(', ')}?` : '');

function unknown(selector: string, what: string, suggestions: string[]): UnknownSelector {
  return { selector, suggestions, message: `${what}${didYouMean(suggestions)}` };
}

function parseTag(tag: string): [string, string] | undefined {
  const i = tag.indexOf('=');
  if (i <= 0) return undefined;
  return [tag.slice(0, i).trim(), tag.slice(i + 1).trim()];
}

function hasTag(vm: VmFacts, key: string, value: string): boolean {
  return Object.entries(vm.tags).some(([k, v]) => k.toLowerCase() === key.toLowerCase() && v === value);
}

/**
 * The listed VMs by lower-cased id and by lower-cased name, each built on first use. A selection can name
 * thousands of VMs (apply re-selects a plan's every VM by id), and filtering the whole listing for each made
 * that the product of the two: seconds at 5,000 VMs.
 */
class VmLookup {
  private ids: Map<string, VmFacts[]> | undefined;
  private names: Map<string, VmFacts[]> | undefined;
  constructor(readonly all: VmFacts[]) {}

  byId(id: string): VmFacts[] {
    this.ids ??= groupBy(this.all, (vm) => vm.id.toLowerCase());
    return this.ids.get(id.toLowerCase()) ?? [];
  }

  byName(name: string): VmFacts[] {
    this.names ??= groupBy(this.all, (vm) => vm.name.toLowerCase());
    return this.names.get(name.toLowerCase()) ?? [];
  }
}

function groupBy(vms: VmFacts[], keyOf: (vm: VmFacts) => string): Map<string, VmFacts[]> {
  const groups = new Map<string, VmFacts[]>();
  for (const vm of vms) {
    const key = keyOf(vm);
    const group = groups.get(key);
    if (group) group.push(vm);
    else groups.set(key, [vm]);
  }
  return groups;
}

function byName(lookup: VmLookup, selector: string, result: SelectionResult): VmFacts[] {
  const allVms = lookup.all;
  const slash = selector.indexOf('/');
  if (selector.startsWith('/')) {
    const parsed = parseResourceId(selector);
    const hit = parsed?.name ? lookup.byId(selector.replace(/\/+$/, '')) : [];
    if (!hit.length) {
      const name = parsed?.name ?? selector;
      const what = parsed?.name
        ? `no VM with id '${selector}' in the selected subscriptions`
        : `'${selector}' is not a VM resource id`;
      result.unknown.push(
        unknown(
          selector,
          what,
          closeMatches(
            name,
            allVms.map((vm) => vm.name),
          ),
        ),
      );
    }
    return hit;
  }
  if (slash > 0 && selector.indexOf('/', slash + 1) === -1) {
    const [rg, name] = [selector.slice(0, slash), selector.slice(slash + 1)];
    const hit = lookup.byName(name).filter((vm) => vm.resourceGroup.toLowerCase() === rg.toLowerCase());
    if (!hit.length) {
      const labels = allVms.map((vm) => `${vm.resourceGroup}/${vm.name}`);
      result.unknown.push(
        unknown(selector, `no VM '${selector}' in the selected subscriptions`, closeMatches(selector, labels)),
      );
    }
    return hit;
  }
  if (slash !== -1) {
    result.unknown.push(
      unknown(selector, `'${selector}' is neither a VM name, resourceGroup/name nor a resource id`, []),
    );
    return [];
  }
  const hit = lookup.byName(selector);
  if (!hit.length) {
    const what = `no VM named '${selector}' in the selected subscriptions`;
    result.unknown.push(
      unknown(
        selector,
        what,
        closeMatches(
          selector,
          allVms.map((vm) => vm.name),
        ),
      ),
    );
  } else if (hit.length > 1) {
    result.ambiguous.push({ selector, matches: hit.map((vm) => `${vm.resourceGroup}/${vm.name}`).sort() });
  }
  return hit;
}

function groupSelection(allVms: VmFacts[], answers: SelectorAnswers, result: SelectionResult): VmFacts[] {
  let pool = allVms;
  if (answers.resourceGroups.length) {
    const groups = new Set(allVms.map((vm) => vm.resourceGroup));
    for (const rg of answers.resourceGroups) {
      if (![...groups].some((g) => g.toLowerCase() === rg.toLowerCase())) {
        const what = `no resource group '${rg}' with VMs in the selected subscriptions`;
        result.unknown.push(unknown(rg, what, closeMatches(rg, groups)));
      }
    }
    const wanted = new Set(answers.resourceGroups.map((rg) => rg.toLowerCase()));
    pool = pool.filter((vm) => wanted.has(vm.resourceGroup.toLowerCase()));
  }
  for (const tag of answers.tags) {
    const kv = parseTag(tag);
    if (!kv) {
      result.unknown.push(unknown(tag, `tag '${tag}' is not key=value`, []));
      return [];
    }
    const matching = pool.filter((vm) => hasTag(vm, kv[0], kv[1]));
    if (!matching.length) {
      const existing = allVms.flatMap((vm) => Object.entries(vm.tags).map(([k, v]) => `${k}=${v}`));
      result.unknown.push(unknown(tag, `no selected VM carries the tag '${tag}'`, closeMatches(tag, existing)));
    }
    pool = matching;
  }
  return pool;
}

export function selectVms(allVms: VmFacts[], answers: SelectorAnswers): SelectionResult {
  const result: SelectionResult = { selected: [], unknown: [], ambiguous: [], managementGroups: [] };
  const picked = new Map<string, VmFacts>();
  const add = (vms: VmFacts[]) => {
    for (const vm of vms) picked.set(vm.id.toLowerCase(), vm);
  };

  const lookup = new VmLookup(allVms);
  if (answers.vmIds.length) {
    for (const id of answers.vmIds) {
      const hit = lookup.byId(id);
      if (!hit.length) {
        const name = parseResourceId(id)?.name ?? id;
        result.unknown.push(
          unknown(
            id,
            `VM '${id}' no longer exists`,
            closeMatches(
              name,
              allVms.map((vm) => vm.name),
            ),
          ),
        );
      }
      add(hit);
    }
  } else {
    const named = answers.vms.filter((s) => !isManagementGroupScope(s));
    result.managementGroups = answers.vms.filter(isManagementGroupScope);
    for (const selector of named) add(byName(lookup, selector.trim(), result));
    if (answers.resourceGroups.length || answers.tags.length) add(groupSelection(allVms, answers, result));
    else if (!answers.vms.length) add(allVms);
  }
  // By lower-cased id in UTF-16 code units: the same order on every machine. A collator would follow the
  // machine's locale (so two admins could get different action ids for one tenant), page in ICU's locale data,
  // and cost a comparison far slower than this on a 20,000-VM selection.
  const keyed = [...picked.values()].map((vm) => ({ vm, key: vm.id.toLowerCase() }));
  result.selected = keyed.sort((a, b) => codeUnitOrder(a.key, b.key)).map(({ vm }) => vm);
  return result;
}

/** The one-line bad-input message for a selection with unknown or ambiguous selectors, or undefined. */
export function selectionProblem(result: SelectionResult): string | undefined {
  const parts = [
    ...result.unknown.map((u) => u.message),
    ...result.ambiguous.map((a) => `VM name '${a.selector}' matches ${a.matches.join(', ')}; give resourceGroup/name`),
  ];
  return parts.length ? parts.join('; ') : undefined;
}
