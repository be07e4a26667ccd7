/**
 * `plan --markdown`: the plan as a change-review document for a ticket or a pull request: what changes and
 * why, the equivalent commands, the findings, and how to undo each change. Same plan, same vocabulary as the
 * text view.
 */

import { STEPS } from '../../steps/registry';
import { ACTION_KIND_INFO, FINDING_CODE_INFO, SEVERITY_INFO } from '../plan/glyphs-and-wording';
import { goalStatus } from '../plan/goal';
import { summarize } from '../plan/planner';
import { type Plan, SEVERITIES } from '../plan/types';
import { terminalSafe } from '../plan/untrusted';
import { requestBody, rollbackFor } from './commands';
import { mermaidGraph, PER_ACTION_LIMIT } from './mermaid';
import { tenantWideLines } from './tenant-wide';

/**
 * A table cell or a line of prose: one line, and every character Markdown would read as structure (table
 * pipes, emphasis, links, inline HTML, code spans, a heading or list marker) escaped, so a tenant name shows
 * as written and cannot add a link, a row or markup to the review document.
 */
function cell(text: string): string {
  return terminalSafe(text.replace(/\s*[\r\n]+\s*/g, ' ')).replace(/[\\`*_[\]<>|]/g, '\\$&') || '–';
}

/** Inline code that survives backticks in the value. */
function code(raw: string): string {
  if (raw === '') return '–';
  const text = terminalSafe(raw);
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`.replace(/\|/g, '\\|');
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(raw: string, lang: string): string[] {
  const text = raw.split('\n').map(terminalSafe).join('\n');
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
  ];
  const goal = goalStatus(plan);
  if (goal.headline) out.push(`**${cell(goal.headline)}**`, '');
  if (goal.notEnforced) out.push(`> ${cell(goal.notEnforced)}`, '');
  const tenantWide = tenantWideLines(plan.actions);
  if (tenantWide.length > 0) {
    out.push('## Tenant-wide changes', '', ...tenantWide.map((l) => `> **${cell(l)}**`), '');
  }
  out.push('## Actions', '');

  if (plan.actions.length === 0) {
    out.push(
      goal.headline ? 'No change in this plan reaches the goal: see the findings.' : 'No changes are needed.',
      '',
    );
  } else {
    out.push('| Id | Kind | Target | Summary | Requires | Depends on |', '|---|---|---|---|---|---|');
    for (const a of plan.actions) {
      const kind = `${ACTION_KIND_INFO[a.kind].glyph} ${a.kind}`;
      out.push(
        `| ${a.id} | ${cell(kind)} | ${code(a.target)} | ${cell(a.summary)} | ${cell(a.requires)} | ${cell(a.dependsOn.join(', '))} |`,
      );
    }
    out.push('');
    // The order as a picture: GitHub and Azure DevOps draw it; elsewhere the table's "Depends on" says the same.
    out.push(
      plan.actions.length <= PER_ACTION_LIMIT
        ? 'Order of the changes (an arrow points to the change that waits for it):'
        : `Order of the changes by kind (${plan.actions.length} changes; an arrow points to the kind that waits):`,
      '',
      ...fenced(mermaidGraph(plan.actions).join('\n'), 'mermaid'),
      '',
    );
    for (const a of plan.actions) {
      out.push(`### ${a.id}: ${cell(a.summary)}`, '');
      out.push(`${STEPS.titleOf(a.step)} · ${ACTION_KIND_INFO[a.kind].description}`, '');
      out.push(`Why: ${cell(a.reason)}`, '');
      out.push(...fenced(a.command, 'sh'), '');
      // The body the command sends, exactly as apply sends it: a reviewer approves what is written, not a file name.
      const body = requestBody(a);
      if (body) {
        out.push(body.file ? `${code(body.file)}, the request body:` : 'The request body:', '');
        out.push(...fenced(JSON.stringify(body.json, null, 2), 'json'), '');
      }
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
      out.push(`### Undo ${a.id}: ${cell(a.summary)}`, '');
      out.push(...fenced(rollback.command, 'sh'), '');
      if (rollback.note) out.push(cell(rollback.note), '');
      for (const b of rollback.bodies ?? []) {
        out.push(`${cell(b.label)}:`, '', ...fenced(JSON.stringify(b.json, null, 2), 'json'), '');
      }
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
