/**
 * The view model of the review shown before a report-only policy is turned on: the policy's report-only results
 * over real sign-ins, per user and app, and the recommendation. Pure: the screen draws it as it is.
 */
import type { PolicyReview } from '../../src/checks/policy-review';
import { appName } from '../shared/sign-in-subjects';

export interface PolicyReviewRow {
  user: string;
  app: string;
  /** "2 sign-ins: 1 satisfied, 1 would fail". */
  counts: string;
  tone: 'ok' | 'warn' | 'error';
}

export interface PolicyReviewView {
  question: string;
  /** While reading, or why the review could not be read; undefined once it is shown. */
  status?: string;
  /** The recommendation's first line ("Safe to turn on for 1 of 3 users…"). */
  headline?: string;
  rows: PolicyReviewRow[];
  /** The rest of the recommendation: who would fail and why, who is not covered. */
  notes: { text: string; tone: 'warn' | 'error' }[];
}

const COUNT_WORDS = [
  ['satisfied', 'satisfied'],
  ['would-fail', 'would fail'],
  ['would-prompt', 'would prompt'],
  ['not-covered', 'not covered'],
] as const;

export function policyReviewView(
  policyName: string,
  review: PolicyReview | undefined,
  unread: string | undefined,
): PolicyReviewView {
  const question = `Turn "${policyName}" on? What it did, report-only, to the last 7 days of VM sign-ins:`;
  if (!review) {
    return {
      question,
      status: unread
        ? `${unread}. You can still go on: review its sign-in logs in the Entra admin center first.`
        : 'Reading the sign-in logs…',
      rows: [],
      notes: [],
    };
  }
  const rows = review.rows.map((r): PolicyReviewRow => {
    const parts = COUNT_WORDS.filter(([k]) => r.counts[k] > 0).map(([k, word]) => `${r.counts[k]} ${word}`);
    return {
      user: r.user,
      app: appName(r.appId),
      counts: `${r.signIns} sign-in${r.signIns === 1 ? '' : 's'}: ${parts.join(', ') || 'no result logged'}`,
      tone: r.counts['would-fail'] > 0 ? 'error' : r.counts.satisfied + r.counts['would-prompt'] > 0 ? 'ok' : 'warn',
    };
  });
  const [headline, ...rest] = review.recommendation;
  return {
    question,
    headline,
    rows,
    notes: rest.map((text) => ({ text, tone: /would fail/.test(text) ? 'error' : 'warn' })),
  };
}
