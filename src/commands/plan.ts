/** `plan`: discover, assess and print the plan; read-only. With --out, writes the plan file for `apply`. */

import { renderJson } from '../output/json';
import { renderMarkdown } from '../output/markdown';
import { renderText } from '../output/text';
import { buildPlan } from '../pipeline/build-plan';
import { connect } from '../pipeline/connect';
import { runDiscovery } from '../pipeline/discover';
import { rejectUnresolved } from '../pipeline/unresolved';
import { writePlanFile } from '../plan/plan-file';
import { answersFromOptions, type ChoiceOptions } from './answers-from-options';
import { type CliIO, type GlobalOptions, progressTo, wantsColor } from './io';

export interface PlanOptions extends GlobalOptions, ChoiceOptions {
  json?: boolean;
  markdown?: boolean;
  out?: string;
}

export async function runPlanCommand(opts: PlanOptions, io: CliIO): Promise<number> {
  const answers = answersFromOptions(opts, opts);
  const progress = progressTo(io);
  const conn = await connect(opts, io, { interactive: 'browser', onDeviceCode: progress });
  try {
    if (conn.simulated) progress('Using the built-in simulated tenant (--demo): nothing real is read or changed.');
    const snapshot = await runDiscovery(conn.gateway, answers, {
      progress,
      signal: io.interrupt,
      tenantId: conn.tenantId,
    });
    rejectUnresolved(snapshot);
    const plan = buildPlan(snapshot, answers);
    if (opts.out) {
      await writePlanFile(opts.out, plan);
      progress(`Plan written to ${opts.out}: run 'entra-vm-login apply ${opts.out}' to make these changes.`);
    }
    if (opts.json) io.stdout.write(renderJson(plan));
    else if (opts.markdown) io.stdout.write(renderMarkdown(plan));
    else io.stdout.write(renderText(plan, { color: wantsColor(opts, io) }));
    return 0;
  } finally {
    await conn.close();
  }
}
