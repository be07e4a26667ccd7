/**
 * `plan --markdown`: the plan as a change-review document for a ticket or a pull request: what changes and
 * why, the equivalent commands, the findings, and how to undo each change. Same plan, same vocabulary as the
 * text view.
 */
import { summarize } from '../plan/planner';
import { type Plan, SEVERITIES } from '../plan/types';
import { ACTION_KIND_INFO, FINDING_CODE_INFO, SEVERITY_INFO, STEP_TITLES } from '../plan/vocabulary';
import { rollbackFor } from './commands';

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '\\|') || '–';
}

/** Inline code that survives backticks in the value. */
function code(text: string): string {
  if (text === '') return '–';
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`.replace(/\|/g, '\\|');
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(text: string, lang: string): string[] {
  const fence = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((t) => t.length + 1)));
  return [`${fence}${lang}`, text, fence];
}

/** "1 warning", "3 errors": from the vocabulary's plural label ("Warnings"). */
function count(n: number, pluralLabel: string): string {
  const singular = pluralLabel.toLowerCase().replace(/s$/, '');
  return `${n} ${n === 1 ? singular : `${singular}s`}`;
}

export function renderMarkdown(plan: Plan): string {
  const summary = summarize(plan);
  const out: string[] = [
    '# Change review: Microsoft Entra ID sign-in for Azure VMs',
    '',
    '| | |',
    '|---|---|',
    `| Tenant | ${code(plan.tenantId)} |`,
    `| Cloud | ${cell(plan.cloud)} |`,
    `| Created | ${cell(plan.createdAt)} |`,
    `| Plan digest | ${code(plan.digest)} |`,
    '',
    `**${summary.line}** Findings: ${SEVERITIES.map((s) => count(summary.findings[s], SEVERITY_INFO[s].label)).join(', ')}.`,
    '',
    '## Actions',
    '',
  ];

  if (plan.actions.length === 0) {
    out.push('No changes are needed.', '');
  } else {
    out.push('| Id | Kind | Target | Summary | Requires | Depends on |', '|---|---|---|---|---|---|');
    for (const a of plan.actions) {
      const kind = `${ACTION_KIND_INFO[a.kind].glyph} ${a.kind}`;
      out.push(
        `| ${a.id} | ${cell(kind)} | ${code(a.target)} | ${cell(a.summary)} | ${cell(a.requires)} | ${cell(a.dependsOn.join(', '))} |`,
      );
    }
    out.push('');
    for (const a of plan.actions) {
      out.push(`### ${a.id}: ${a.summary}`, '');
      out.push(`${STEP_TITLES[a.step]} · ${ACTION_KIND_INFO[a.kind].description}`, '');
      out.push(`Why: ${a.reason}`, '');
      out.push(...fenced(a.command, 'sh'), '');
    }
  }

  out.push('## Findings', '');
  if (plan.findings.length === 0) {
    out.push('None.', '');
  } else {
    out.push('| Severity | Code | Target | Message | Remediation | Fixed by |', '|---|---|---|---|---|---|');
    for (const f of plan.findings) {
      const sev = `${SEVERITY_INFO[f.severity].glyph} ${f.severity}`;
      out.push(
        `| ${cell(sev)} | ${code(f.code)} ${cell(FINDING_CODE_INFO[f.code].title)} | ${code(f.target)} | ${cell(f.message)} | ${cell(f.remediation)} | ${cell(f.fixedBy.join(', '))} |`,
      );
    }
    out.push('');
  }

  out.push('## How to roll back', '');
  if (plan.actions.length === 0) {
    out.push('Nothing to roll back.', '');
  } else {
    out.push('Undo in reverse order, last action first. Each command undoes one action of this plan.', '');
    for (const a of [...plan.actions].reverse()) {
      const rollback = rollbackFor(a, plan.cloud);
      out.push(`### Undo ${a.id}: ${a.summary}`, '');
      out.push(...fenced(rollback.command, 'sh'), '');
      if (rollback.note) out.push(rollback.note, '');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
