/**
 * `enforce --scope <mg|subscription|rg>`: plan the Azure Policy objects that keep every VM at the scope
 * configured for Entra sign-in (read-only; `--out` writes the plan for `apply`), and `--status`: the
 * compliance summary. `apply` of an enforcement plan ends with the same summary (`finishEnforcementApply`).
 */
import {
  complianceAt,
  planEnforcementAt,
  renderCompliance,
  verifyEnforcement,
} from '../../steps/fleet-enforcement/index';
import { parseEnforceScope } from '../../steps/fleet-enforcement/scope';
import type { RunResult } from '../apply/executor';
import { renderJson } from '../output/json';
import { renderMarkdown } from '../output/markdown';
import { renderText } from '../output/text';
import { parseAnswers } from '../plan/answers';
import { writePlanFile } from '../plan/plan-file';
import type { Plan } from '../plan/types';
import type { Connection } from '../workflows/connect';
import { connect } from '../workflows/connect';
import { type CliIO, type GlobalOptions, progressTo, wantsColor } from '../workflows/io';

export interface EnforceOptions extends GlobalOptions {
  scope: string;
  audit?: boolean;
  status?: boolean;
  location?: string;
  json?: boolean;
  markdown?: boolean;
  out?: string;
}

export async function runEnforceCommand(opts: EnforceOptions, io: CliIO): Promise<number> {
  const scope = parseEnforceScope(opts.scope);
  const answers = parseAnswers({
    subscriptions: opts.subscription,
    enforce: { scope: scope.id, audit: Boolean(opts.audit), ...(opts.location ? { location: opts.location } : {}) },
  });
  const progress = progressTo(io);
  const conn = await connect(opts, io, {
    interactive: 'browser',
    onDeviceCode: progress,
    onRetry: (message) => progress(`↻ ${message}: retrying`),
  });
  try {
    if (conn.simulated) progress('Using the built-in simulated tenant (--demo): nothing real is read or changed.');
    if (opts.status) {
      const report = await complianceAt(conn.gateway, answers);
      io.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderCompliance(report));
      return 0;
    }
    const { plan, report } = await planEnforcementAt(conn.gateway, answers, conn.tenantId, progress);
    if (opts.out) {
      await writePlanFile(opts.out, plan);
      progress(`Plan written to ${opts.out}: run 'entra-vm-login apply ${opts.out}' to make these changes.`);
    }
    if (opts.json) io.stdout.write(renderJson(plan));
    else if (opts.markdown) io.stdout.write(renderMarkdown(plan));
    else {
      io.stdout.write(renderText(plan, { color: wantsColor(opts, io) }));
      io.stdout.write(renderCompliance(report));
    }
    return 0;
  } finally {
    await conn.close();
  }
}

/** The end of `apply` for an enforcement plan: verify what was written, then the compliance summary. */
export async function finishEnforcementApply(
  conn: Connection,
  plan: Plan,
  result: RunResult,
  io: CliIO,
  globals: GlobalOptions,
): Promise<number> {
  const progress = progressTo(io);
  const applied = new Set(
    Object.entries(result.results)
      .filter(([, r]) => r.state === 'succeeded' || r.state === 'already-done' || r.state === 'resumed')
      .map(([id]) => id),
  );
  const report = await verifyEnforcement(conn.gateway, plan, applied);
  for (const p of report.problems) progress(`▲ Not as planned: ${p}`);
  const failed = Object.values(result.results).filter((r) => r.state === 'failed').length;
  io.stdout.write(
    `Apply ${failed > 0 ? 'finished with failures' : 'complete'}: ${applied.size} of ${plan.actions.length} changes in place` +
      `${failed > 0 ? `, ${failed} failed` : ''}. ${report.remaining.actions.length} change(s) still planned.\n`,
  );
  if (report.remaining.actions.length > 0) {
    io.stdout.write(renderText(report.remaining, { color: wantsColor(globals, io) }));
  }
  io.stdout.write(renderCompliance(report.report));
  return failed > 0 || report.problems.length > 0 ? 1 : 0;
}
