/**
 * `review-policy <id|name> [--since 7d]`: read-only. Reads the policy, the sign-ins to the VM sign-in apps in the
 * window (filtered and paged on the server) and the registered methods and per-user MFA of the users who signed
 * in, then prints the per-user and per-app summary and the recommendation.
 */
import { renderReviewJson, renderReviewText } from '../output/policy-review';
import { type CliIO, type GlobalOptions, wantsColor } from '../workflows/io';
import { buildPolicyReview, findPolicy } from '../workflows/policy-review';
import { connectReadOnly } from './read-only-session';
import { sinceText } from './validate';

export interface ReviewPolicyOptions extends GlobalOptions {
  since?: number;
  json?: boolean;
}

const WEEK_MS = 7 * 86_400_000;

export async function runReviewPolicyCommand(ref: string, opts: ReviewPolicyOptions, io: CliIO): Promise<number> {
  const { conn, progress } = await connectReadOnly(opts, io);
  try {
    const policy = findPolicy(await conn.gateway.graph.listCaPolicies(), ref);
    const windowMs = opts.since ?? WEEK_MS;
    progress(`Reading sign-ins to the VM sign-in apps of ${sinceText(windowMs)}…`);
    const review = await buildPolicyReview(conn.gateway, policy, windowMs, sinceText(windowMs));
    io.stdout.write(
      opts.json
        ? renderReviewJson(review)
        : renderReviewText(review, { color: wantsColor(opts, io), window: sinceText(windowMs) }),
    );
    return 0;
  } finally {
    await conn.close();
  }
}
