import { serializePlan } from '../plan/plan-file';
import type { Plan } from '../plan/types';

/** `plan --json`: the plan object exactly as the plan file stores it (2-space JSON and a newline). */
export function renderJson(plan: Plan): string {
  return serializePlan(plan);
}
