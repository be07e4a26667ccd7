/**
 * What the detail view (→ on a row) shows for each kind of row: everything the row had to cut, in sections.
 * Pure: plain data in, sections out, so the view, its tests and its goldens share one source.
 */
import type { FindingLike, OutcomeRow } from '../../src/machine/services';
import { rollbackFor } from '../../src/output/commands';
import { ACTION_KIND_INFO, FINDING_CODE_INFO, OUTCOME_INFO, SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import type { Action, Plan } from '../../src/plan/types';
import { STEPS } from '../../steps/registry';
import type { ViewRow } from '../../steps/shared/contract';
import { findingText } from './FindingList';

export interface DetailSection {
  label: string;
  lines: readonly string[];
  /** A shell command: shown from the first column, folded for copying, never cut. */
  command?: boolean;
}

export interface Detail {
  /** What the row is about: its title bar's last part. */
  title: string;
  sections: DetailSection[];
}

const section = (label: string, ...lines: (string | undefined)[]): DetailSection[] => {
  const kept = lines.filter((l): l is string => !!l);
  return kept.length ? [{ label, lines: kept }] : [];
};

/** A finding with its remediation and, in a plan, the changes that fix it. */
export function findingDetail(f: FindingLike, plan?: Plan): Detail {
  const fixedBy = plan?.findings.find(
    (x) => x.code === f.code && x.target === f.target && x.message === f.message,
  )?.fixedBy;
  const byId = new Map((plan?.actions ?? []).map((a) => [a.id, a]));
  const s = SEVERITY_INFO[f.severity];
  return {
    title: FINDING_CODE_INFO[f.code].title,
    sections: [
      ...section('What is wrong', `${s.glyph} ${findingText(f)}`),
      ...section('What to do', f.remediation),
      ...(fixedBy
        ? section(
            'Fixed by this plan',
            ...(fixedBy.length
              ? fixedBy.map((id) => `${id}  ${byId.get(id)?.summary ?? ''}`.trim())
              : ['nothing: this needs action outside the plan']),
          )
        : []),
      ...section('Code', `${f.code} (${s.label.toLowerCase().replace(/s$/, '')}, step: ${STEPS.titleOf(f.step)})`),
      ...section('Target', f.target),
    ],
  };
}

/** A planned change: why, the command that does the same by hand, the role it needs, how to undo it. */
export function actionDetail(a: Action, plan: Plan): Detail {
  const byId = new Map(plan.actions.map((x) => [x.id, x]));
  const info = ACTION_KIND_INFO[a.kind];
  const rollback = rollbackFor(a, plan.cloud);
  const fixes = plan.findings.filter((f) => f.fixedBy.includes(a.id));
  return {
    title: a.summary,
    sections: [
      ...section('Change', `${info.glyph} ${a.summary} (${a.id}, ${a.kind})`),
      ...section('Why', a.reason),
      ...section('Target', a.target),
      { label: 'Equivalent command', lines: [a.command], command: true },
      ...section('Needs', a.requires),
      ...section('After', ...a.dependsOn.map((id) => `${id}  ${byId.get(id)?.summary ?? ''}`.trim())),
      ...section('Fixes', ...fixes.map((f) => `${SEVERITY_INFO[f.severity].glyph} ${findingText(f)}`)),
      { label: 'Roll back', lines: [rollback.command], command: true },
      ...section('Before rolling back', rollback.note),
    ],
  };
}

/** One VM of the inventory: every cell in full, the resource id, and the findings on it. */
export function vmDetail(row: ViewRow, findings: readonly FindingLike[]): Detail {
  const c = row.cells ?? {};
  return {
    title: row.subject,
    sections: [
      ...section('VM', row.subject),
      ...section('Subscription', c.subscription),
      ...section('Resource group', c.group),
      ...section('OS', c.os),
      ...section('Power', c.power),
      ...section('Identity', c.identity),
      ...section('Login extension', c.extension),
      ...section('What the steps may do', row.planned),
      ...findings.flatMap((f) => [
        ...section(
          `${SEVERITY_INFO[f.severity].glyph} ${f.code}`,
          findingText(f),
          f.remediation && `→ ${f.remediation}`,
        ),
      ]),
      ...section('Resource id', row.id),
    ],
  };
}

/** A predicted sign-in: what the user sees and the chain of reasons behind it. */
export function outcomeDetail(o: OutcomeRow): Detail {
  const info = OUTCOME_INFO[o.outcome];
  return {
    title: `${o.user} on ${o.vm}`,
    sections: [
      ...section('Who, where, how', `${o.user} signs in to ${o.vm} with ${o.method}`),
      ...section('What they see', `${info.glyph} ${info.label}: ${o.message}`),
      ...section('Why', ...o.reasons.map((r, i) => `${i + 1}. ${r}`)),
    ],
  };
}

/** A step table row (subject, state, planned) in full. */
export function viewRowDetail(row: ViewRow, columns: { subject: string; state: string; planned: string }): Detail {
  return {
    title: row.subject,
    sections: [
      ...section(columns.subject, row.subject),
      ...section(columns.state, row.state),
      ...section(columns.planned, row.planned),
      ...section('Resource id', row.id),
    ],
  };
}
