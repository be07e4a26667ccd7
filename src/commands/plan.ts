/** `plan`: discover, assess and print the plan; read-only. With --out, writes the plan file for `apply`. */

import { validateCaAnswers } from '../../steps/conditional-access/rules';
import { UserError } from '../errors';
import { renderJsonBlocks } from '../output/json';
import { renderMarkdown } from '../output/markdown';
import { renderText } from '../output/text';
import { goalStatus } from '../plan/goal';
import { writePlanFile } from '../plan/plan-file';
import { loadOrCreateSigningKey, signPlan } from '../plan/signing';
import { collectsAround } from '../workflows/discover';
import { collectGarbage } from '../workflows/heap';
import { type CliIO, type GlobalOptions, wantsColor, writeBlocks } from '../workflows/io';
import { buildPlan } from '../workflows/plan';
import { stateDir } from '../workflows/state-dir';
import { answersFromOptions, type ChoiceOptions } from './answers-from-options';
import { discoverThen } from './read-only-session';

export interface PlanOptions extends GlobalOptions, ChoiceOptions {
  json?: boolean;
  markdown?: boolean;
  out?: string;
  sign?: boolean;
  detailedExitcode?: boolean;
  /** `--all`: every VM of the subscriptions searched, said on purpose rather than by leaving out a selector. */
  all?: boolean;
}

/**
 * A plan with no selector would cover every VM of every subscription the caller can read (thousands, in a
 * large tenant); that is asked for with --all, never implied by a forgotten --vm.
 */
export function requireSelection(opts: Pick<PlanOptions, 'vm' | 'resourceGroup' | 'tag' | 'all'>): void {
  if (opts.all || opts.vm?.length || opts.resourceGroup?.length || opts.tag?.length) return;
  throw new UserError(
    'bad-input',
    'plan needs to know which VMs: name them with --vm, --resource-group or --tag, or pass --all for every VM.',
    '--all covers every VM of every subscription you can read (or of those given with --subscription).',
  );
}

/** `plan --detailed-exitcode`: scripts tell "nothing to do" from "changes pending" from "goal not reached". */
export const PLAN_EXIT = { upToDate: 0, changesPending: 4, goalNotReached: 5 } as const;

export async function runPlanCommand(opts: PlanOptions, io: CliIO): Promise<number> {
  const answers = answersFromOptions(opts, opts);
  validateCaAnswers(answers);
  requireSelection(opts);
  return discoverThen(opts, io, answers, async (snapshot, progress) => {
    const built = buildPlan(snapshot, answers);
    // The plan is printed on top of what planning left behind unless that goes first (heap.ts).
    if (collectsAround(false, snapshot.vms.length).afterPlanning) collectGarbage('after-planning');
    const plan = opts.sign ? signPlan(built, await loadOrCreateSigningKey(stateDir(io.env))) : built;
    if (opts.sign) progress(`Plan signed with key ${plan.signature?.split(':')[1]}.`);
    if (opts.out) {
      await writePlanFile(opts.out, plan);
      progress(`Plan written to ${opts.out}: run 'entra-vm-login apply ${opts.out}' to make these changes.`);
    }
    if (opts.json) await writeBlocks(io.stdout, renderJsonBlocks(plan));
    else if (opts.markdown) io.stdout.write(renderMarkdown(plan));
    else io.stdout.write(renderText(plan, { color: wantsColor(opts, io) }));
    if (!opts.detailedExitcode) return 0;
    if (!goalStatus(plan).reached) return PLAN_EXIT.goalNotReached;
    return plan.actions.length > 0 ? PLAN_EXIT.changesPending : PLAN_EXIT.upToDate;
  });
}
