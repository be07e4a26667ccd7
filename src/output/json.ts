import { planTextBlocks, serializePlan } from '../plan/plan-file';
import type { Plan } from '../plan/types';

/** `plan --json`: the plan object exactly as the plan file stores it (2-space JSON and a newline). */
export function renderJson(plan: Plan): string {
  return serializePlan(plan);
}

/** `renderJson` in blocks, for writing a large plan without building its whole text. */
export function renderJsonBlocks(plan: Plan): Iterable<string> {
  return planTextBlocks(plan);
}
