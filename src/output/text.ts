/**
 * The Terraform-like text view of a plan (`plan` without `--json`, and `apply` before it asks): actions
 * grouped by step, then findings grouped by severity, then the summary line. Glyphs, colours and titles come
 * from the vocabulary; only the layout lives here.
 */
import { STEPS } from '../../steps/registry';
import { ACTION_KIND_INFO, SEVERITY_INFO } from '../plan/glyphs-and-wording';
import { goalStatus } from '../plan/goal';
import { stepsInPlan, summarize } from '../plan/planner';
import { type Finding, type Plan, SEVERITIES } from '../plan/types';
import { terminalSafeDeep } from '../plan/untrusted';
import { paint } from './ansi';

export interface TextOptions {
  color: boolean;
  /** Also show each action's equivalent command and the role it needs. */
  showCommands?: boolean;
}

const label = (name: string) => name.padEnd(9);

export function renderText(input: Plan, options: TextOptions): string {
  // Names, reasons and commands carry tenant strings: shown, never interpreted by the terminal.
  const plan = terminalSafeDeep(input);
  const p = paint(options.color);
  const out: string[] = [];
  const goal = goalStatus(plan);

  if (plan.actions.length > 0) {
    out.push(p.bold('entra-vm-login will make these changes:'), '');
    for (const step of stepsInPlan(plan)) {
      const actions = plan.actions.filter((a) => a.step === step);
      if (actions.length === 0) continue;
      out.push(p.bold(STEPS.titleOf(step)));
      for (const a of actions) {
        const info = ACTION_KIND_INFO[a.kind];
        out.push(`  ${p.colour(info.colour, info.glyph)} ${a.summary} ${p.dim(`(${a.id})`)}`);
        out.push(`      ${p.dim(label('target'))}${a.target}`);
        out.push(`      ${p.dim(label('reason'))}${a.reason}`);
        if (a.dependsOn.length > 0) out.push(`      ${p.dim(label('after'))}${a.dependsOn.join(', ')}`);
        if (options.showCommands) {
          out.push(`      ${p.dim(label('command'))}${a.command}`);
          out.push(`      ${p.dim(label('requires'))}${a.requires}`);
        }
      }
      out.push('');
    }
  } else {
    // "No changes are needed" only when nothing is left to do: otherwise say that the goal is not reached.
    out.push(p.bold(goal.headline ?? 'No changes are needed.'), '');
  }

  if (plan.findings.length > 0) {
    out.push(p.bold('Findings'));
    for (const severity of SEVERITIES) {
      const findings = plan.findings.filter((f) => f.severity === severity);
      if (findings.length === 0) continue;
      const info = SEVERITY_INFO[severity];
      out.push(`  ${p.colour(info.colour, `${info.glyph} ${info.label} (${findings.length})`)}`);
      for (const f of findings) out.push(...findingLines(f, p));
    }
    out.push('');
  }

  out.push(p.bold(summarize(plan).line));
  if (goal.headline && plan.actions.length > 0) out.push(p.colour('red', goal.headline));
  if (goal.notEnforced) out.push(p.colour('yellow', goal.notEnforced));
  return `${out.join('\n')}\n`;
}

function findingLines(f: Finding, p: ReturnType<typeof paint>): string[] {
  const info = SEVERITY_INFO[f.severity];
  const lines = [
    `    ${p.colour(info.colour, info.glyph)} ${f.code}${f.target ? `  ${p.dim(f.target)}` : ''}`,
    `        ${f.message}`,
  ];
  if (f.remediation) lines.push(`        ${p.dim('fix:')} ${f.remediation}`);
  if (f.fixedBy.length > 0) lines.push(`        ${p.dim(`fixed by ${f.fixedBy.join(', ')}`)}`);
  return lines;
}
