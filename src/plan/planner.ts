/**
 * Assembles the steps' drafts into one `Plan`: dependency order, ids `a1…` in that order,
 * draft keys replaced by ids, findings sorted, digest computed. Pure and deterministic: the same drafts,
 * findings and answers (and `createdAt`) always give the same plan and the same digest.
 */

import { redactValues, watchJsonForSecrets } from '../redact';
import type { Answers } from './answers';
import { computeDigest } from './digest';
import { ACTION_KIND_INFO } from './glyphs-and-wording';
import { topoOrder } from './order';
import { carryText } from './rendered-text';
import {
  ACTION_KINDS,
  type Action,
  type ActionDraft,
  type ActionKind,
  type CloudName,
  type Finding,
  type FindingDraft,
  type Plan,
  SEVERITIES,
  type Severity,
} from './types';
import { mapStrings } from './untrusted';

export interface AssemblePlanInput {
  drafts: ActionDraft[];
  findings: FindingDraft[];
  answers: Answers;
  cloud: CloudName;
  tenantId: string;
  fingerprint: Record<string, string>;
  createdAt?: Date;
}

/**
 * Invariants of the result: every `dependsOn` and `fixedBy` names an action of the plan; each action comes
 * after the actions it depends on; ids are `a1…aN` in array order; `digest` matches the content.
 * A draft key named in `dependsOn` or `fixedBy` that no draft has means the prerequisite already exists (or
 * the fix is not part of this plan) and is dropped. Drafts sharing a key are one action: the first one wins
 * and the dependencies of all of them are kept.
 */
export function assemblePlan(input: AssemblePlanInput): Plan {
  // One pass keeps the first draft of each key and gathers every draft's dependencies under it; the drafts
  // themselves are not copied (a fleet's plan has tens of thousands of them, and each copy would outlive
  // the young generation).
  const drafts: ActionDraft[] = [];
  const depsOf = new Map<string, readonly string[]>();
  for (const d of input.drafts) {
    const seen = depsOf.get(d.key);
    if (seen === undefined) {
      // Most drafts depend on nothing: they share one empty list instead of a copy each.
      depsOf.set(d.key, d.dependsOn.length === 0 ? NO_DEPENDENCIES : [...d.dependsOn]);
      drafts.push(d);
    } else if (d.dependsOn.length > 0) {
      depsOf.set(d.key, [...seen, ...d.dependsOn]);
    }
  }
  for (const [key, deps] of depsOf) {
    if (deps.length > 0) depsOf.set(key, unique(deps.filter((k) => depsOf.has(k))));
  }
  const ordered = topoOrder(
    drafts,
    (d) => d.key,
    (d) => depsOf.get(d.key)!,
  );

  const idOf = new Map(ordered.map((d, i) => [d.key, `a${i + 1}`] as const));
  // Members in the plan file's order; texts a draft renders on reading stay rendered (src/plan/rendered-text.ts).
  const actions: Action[] = ordered.map((d) => {
    const a = { id: idOf.get(d.key)!, kind: d.kind, step: d.step, target: d.target } as Action;
    carryText(d, a, 'summary');
    carryText(d, a, 'reason');
    const deps = depsOf.get(d.key)!;
    // The shared empty list again: a copy per action was an array each for most of a fleet's actions.
    a.dependsOn = deps.length === 0 ? (NO_DEPENDENCIES as string[]) : deps.map((k) => idOf.get(k)!);
    carryText(d, a, 'requires');
    carryText(d, a, 'command');
    a.params = d.params;
    return a;
  });

  const findings: Finding[] = sortFindings(
    input.findings.map((f) => {
      const finding = { code: f.code, severity: f.severity, step: f.step, target: f.target } as Finding;
      carryText(f, finding, 'message');
      carryText(f, finding, 'remediation');
      finding.fixedBy = fixedByIds(f.fixedBy, idOf);
      return finding;
    }),
  );

  const content: Omit<Plan, 'digest'> = {
    version: 1,
    tool: 'entra-vm-login',
    createdAt: isoSeconds(input.createdAt ?? new Date()),
    cloud: input.cloud,
    tenantId: input.tenantId,
    answers: input.answers,
    fingerprint: input.fingerprint,
    actions,
    findings,
  };
  // A token echoed into a finding or a name must not be written into a plan file that gets shared. Looked for
  // in the text the digest reads anyway, rather than in a walk of its own: mapping every string of a fleet's
  // plan to find none would allocate as much as the plan itself. Found, the plan is redacted and hashed again.
  const watch = watchJsonForSecrets();
  const digest = computeDigest(content, watch?.see);
  if (!watch?.seen) return { ...content, digest };
  const clean = mapStrings(content, redactValues);
  return { ...clean, digest: computeDigest(clean) };
}

const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** The ids of the fixing drafts this plan has, each once. */
function fixedByIds(keys: readonly string[], idOf: ReadonlyMap<string, string>): string[] {
  // Most findings have one fix; an array grown by push keeps room for seventeen, kept for the plan's life.
  if (keys.length === 1) {
    const id = idOf.get(keys[0]!);
    return id === undefined ? [] : [id];
  }
  const ids: string[] = [];
  for (const k of keys) {
    const id = idOf.get(k);
    if (id !== undefined) ids.push(id);
  }
  return unique(ids);
}

function unique<T>(xs: T[]): T[] {
  return xs.length < 2 ? xs : [...new Set(xs)];
}

/** Plan files carry timestamps to the second; milliseconds add nothing for a human review. */
function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Severity (error, warning, info), then step order, then target; otherwise the order the steps gave. Step order
 * is the order in which steps first appear in the list: findings are assembled in the registry's order.
 */
/** The steps that appear in a plan (actions first, then findings), in the order the plan lists them. */
export function stepsInPlan(plan: Pick<Plan, 'actions' | 'findings'>): string[] {
  return [...new Set([...plan.actions.map((a) => a.step), ...plan.findings.map((f) => f.step)])];
}

export function sortFindings<T extends Pick<Finding, 'severity' | 'step' | 'target'>>(findings: T[]): T[] {
  const stepRank = new Map<string, number>();
  for (const f of findings) if (!stepRank.has(f.step)) stepRank.set(f.step, stepRank.size);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (x, y) =>
        SEVERITIES.indexOf(x.f.severity) - SEVERITIES.indexOf(y.f.severity) ||
        stepRank.get(x.f.step)! - stepRank.get(y.f.step)! ||
        compareText(x.f.target, y.f.target) ||
        x.i - y.i,
    )
    .map(({ f }) => f);
}

export interface PlanSummary {
  create: number;
  change: number;
  /** Every kind, zero when the plan has none. */
  byKind: Record<ActionKind, number>;
  findings: Record<Severity, number>;
  /** Terraform-like: "Plan: 3 to create, 1 to change." or "No changes." */
  line: string;
}

export function summarize(plan: Pick<Plan, 'actions' | 'findings'>): PlanSummary {
  const byKind = Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>;
  let create = 0;
  let change = 0;
  for (const a of plan.actions) {
    byKind[a.kind]++;
    if (ACTION_KIND_INFO[a.kind].verb === 'create') create++;
    else change++;
  }
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of plan.findings) findings[f.severity]++;
  const unread = plan.findings.filter((f) => f.code === 'read-failed').length;
  const line =
    (plan.actions.length === 0 ? 'No changes.' : `Plan: ${create} to create, ${change} to change.`) +
    (unread > 0 ? ` ${unread} ${unread === 1 ? 'fact' : 'facts'} could not be read.` : '');
  return { create, change, byKind, findings, line };
}
