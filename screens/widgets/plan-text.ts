import { summarize } from '../../src/plan/planner';
import type { Action } from '../../src/plan/types';
import { ACTION_KIND_INFO } from '../../src/plan/vocabulary';
import { shortTarget } from './format';

/** "Plan: 3 to create, 2 to change.": the planner's own summary line, so every renderer says the same. */
export function countsLine(actions: readonly Action[]): string {
  return summarize({ actions: [...actions], findings: [] }).line;
}

/** Progress wording once done: "Extension installed on vm-web-01". */
export function doneText(a: Action): string {
  return `${ACTION_KIND_INFO[a.kind].doneText} on ${shortTarget(a.target)}`;
}
