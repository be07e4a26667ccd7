/**
 * The summary's report as single terminal lines, each knowing what → opens on it: the result of apply (what
 * failed or was skipped first), what is still to do, what users will see, the .rdp files written.
 */
import type { ReactNode } from 'react';
import type { SignInChain } from '../../src/checks/signin-chain';
import type { ApplyResult, Verification } from '../../src/machine/services';
import { renderChainLines } from '../../src/output/chain';
import { nextSteps } from '../../src/output/next-steps';
import { OUTCOME_INFO, SEVERITY_INFO } from '../../src/plan/glyphs-and-wording';
import type { Plan } from '../../src/plan/types';
import { Banner } from './Banner';
import { Txt } from './color';
import { actionDetail, type Detail, findingDetail, outcomeDetail } from './details';
import { findingText, sortFindings } from './FindingList';
import { clampLines } from './format';
import type { HelpSection } from './KeyHelp';
import { madeCounts } from './made-counts';
import { outcomeLines } from './OutcomeTable';
import { doneText } from './plan-text';

/** What the summary's `?` panel says about its marks. */
export const REPORT_LEGEND: HelpSection[] = [
  {
    title: 'Marks',
    lines: [
      '✔  a change made (or found already made)',
      '✖  a change that failed; under "What users will see", a sign-in that fails',
      '-  a change skipped (it, or one it waits for, failed)',
      '▲  a finding still to act on; a sign-in that succeeds without MFA',
      'ℹ  a note',
      '❯  the highlighted row: → shows it in full (the change, the finding, the reasons of a sign-in)',
    ],
  },
  {
    title: 'What users will see',
    lines: [...new Set(Object.values(OUTCOME_INFO).map((o) => `${o.glyph}  ${o.label}`))],
  },
];

/** One line of the report; `detail` is what → opens on it. */
export type ReportLine = { key: string; node: ReactNode; detail?: () => Detail };

export class ReportLines {
  readonly lines: ReportLine[] = [];
  constructor(readonly width: number) {}

  blank = (key: string) => {
    this.lines.push({ key, node: <Txt> </Txt> });
  };

  /** `text` over at most `max` lines under `prefix`; the first line opens `detail`. */
  wrapped = (key: string, prefix: string, text: string, max = 3, detail?: () => Detail) => {
    clampLines(text, this.width, max).forEach((line, i) => {
      this.lines.push({
        key: `${key}.${i}`,
        node: <Txt wrap="truncate-end">{`${i === 0 ? prefix : ' '.repeat(prefix.length)}${line}`}</Txt>,
        detail: i === 0 ? detail : undefined,
      });
    });
  };

  /** `notAsPlanned`: what the post-apply check did not find in place; only the rest counts as made. */
  applyResult(plan: Plan | undefined, result: ApplyResult | undefined, notAsPlanned?: Verification['notAsPlanned']) {
    if (!result) return;
    const byId = new Map((plan?.actions ?? []).map((a) => [a.id, a]));
    const ofAction = (id: string) => {
      const a = byId.get(id);
      return a && plan ? () => actionDetail(a, plan) : undefined;
    };
    const { changed, unmatched, unverified, text, problems } = madeCounts(plan, result, notAsPlanned);
    this.lines.push({ key: 'result', node: <Banner kind={problems ? 'notice' : 'success'} text={text} /> });
    for (const a of unmatched)
      this.wrapped(`u:${a.id}`, '  ▲ ', `${a.summary}: not as planned: ${unverified.get(a.id)}`, 3, ofAction(a.id));
    // What was not done comes first: it is what the admin has to act on.
    for (const f of result.failed) {
      const open = ofAction(f.actionId);
      const withFailure =
        open && (() => ({ ...open(), sections: [{ label: 'Failed', lines: [f.message] }, ...open().sections] }));
      const text = `${byId.get(f.actionId)?.summary ?? f.actionId}: ${f.message}`;
      this.wrapped(`x:${f.actionId}`, '  ✖ ', text, 3, withFailure);
    }
    for (const id of result.skipped)
      this.wrapped(`s:${id}`, '  - ', `${byId.get(id)?.summary ?? id}: skipped`, 3, ofAction(id));
    for (const x of changed)
      this.lines.push({
        key: `c:${x.id}`,
        node: <Txt wrap="truncate-end">{`  ✔ ${doneText(x)}`}</Txt>,
        detail: ofAction(x.id),
      });
  }

  verification(plan: Plan | undefined, v: Verification | undefined, columns: number) {
    if (!v) return;
    if (v.findings.length) {
      this.blank('b1');
      this.lines.push({ key: 'todo', node: <Txt bold>{`Still to do (${v.findings.length})`}</Txt> });
      sortFindings(v.findings).forEach((f, i) => {
        this.wrapped(`f${i}`, `${SEVERITY_INFO[f.severity].glyph} `, findingText(f), 2, () => findingDetail(f, plan));
      });
    }
    if (v.outcomes.length) {
      this.blank('b2');
      this.lines.push({ key: 'see', node: <Txt bold>What users will see</Txt> });
      const byKey = new Map(v.outcomes.map((o) => [`${o.user}|${o.vm}|${o.method}`, o]));
      for (const l of outcomeLines(v.outcomes, columns - 2)) {
        const o = byKey.get(l.key);
        this.lines.push({ key: `o:${l.key}`, node: l.node, detail: o && (() => outcomeDetail(o)) });
      }
    }
    if (v.compliance?.length) this.blank('b5');
    for (const [i, l] of (v.compliance ?? []).entries())
      this.lines.push({ key: `p${i}`, node: <Txt wrap="truncate-end">{l}</Txt> });
    if (v.rdpFiles.length) {
      this.blank('b3');
      this.lines.push({ key: 'rdp', node: <Txt bold>{`RDP files written (${v.rdpFiles.length})`}</Txt> });
      for (const f of v.rdpFiles) this.lines.push({ key: `r:${f}`, node: <Txt wrap="truncate-start">{`  ${f}`}</Txt> });
    }
  }

  /** The sign-in chains that need a look, as pictures: plain glyphs and words, so they read without colour. */
  chains(chains: readonly SignInChain[], columns: number) {
    for (const [i, chain] of chains.entries()) {
      this.blank(`bc${i}`);
      renderChainLines(chain, { color: false, width: Math.max(40, columns - 4) }).forEach((line, j) => {
        this.lines.push({ key: `ch${i}.${j}`, node: <Txt wrap="truncate-end">{line}</Txt> });
      });
    }
  }

  /**
   * The same next steps `apply` prints: MFA not yet enforced (for whom, why, the command), then how to connect,
   * from the connection hints `doctor` shows.
   */
  nextSteps(plan: Plan, verification: Verification | undefined) {
    const steps = nextSteps(verification?.connectCommands ?? [], plan);
    if (steps.length === 0) return;
    this.blank('b4');
    this.lines.push({ key: 'next', node: <Txt bold>Next steps</Txt> });
    steps.forEach((step, i) => {
      this.wrapped(`n:${i}`, `  ${step.mark} `, step.text, 8);
      if (step.command) this.wrapped(`n:${i}c`, '    ', step.command, 8);
    });
  }
}
