/**
 * What a plan was made for, besides its tenant: the subscriptions it reads and writes, and its age. `apply`
 * refuses a plan for other subscriptions than `--subscription` names, and asks about a plan older than a day:
 * both are quiet mistakes otherwise (a flag silently ignored, a change approved long ago applied today).
 */
import type { Plan } from './types';

/** Plans older than this print their age and need a confirmation or --yes. */
export const PLAN_MAX_AGE_MS = 24 * 3600 * 1000;

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;

/** The subscriptions (lower-case ids) the plan's answers select and its actions write in. */
export function planSubscriptions(plan: Pick<Plan, 'answers' | 'actions'>): string[] {
  const ids = new Set<string>();
  for (const s of plan.answers.subscriptions) ids.add(s.toLowerCase());
  for (const id of [...plan.answers.vmIds, ...plan.actions.map((a) => a.target)]) {
    const m = SUBSCRIPTION.exec(id);
    if (m) ids.add(m[1]!.toLowerCase());
  }
  return [...ids].sort();
}

/** Subscriptions of the plan that `--subscription` does not name (none when the flag is not given). */
export function subscriptionsOutside(plan: Pick<Plan, 'answers' | 'actions'>, chosen: readonly string[]): string[] {
  if (chosen.length === 0) return [];
  const allowed = new Set(chosen.map((s) => s.toLowerCase()));
  return planSubscriptions(plan).filter((s) => !allowed.has(s));
}

/** "3 days", "5 hours": how old the plan is, for the notice. */
export function describeAge(createdAt: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(createdAt));
  const days = Math.floor(ms / (24 * 3600 * 1000));
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.floor(ms / (3600 * 1000));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

export function isOld(createdAt: string, now: number): boolean {
  return now - Date.parse(createdAt) > PLAN_MAX_AGE_MS;
}
