/**
 * The plan digest: SHA-256 over the canonical JSON of the plan without its `digest` field. Canonical means
 * object keys sorted (recursively, by UTF-16 code units), no whitespace, values as `JSON.stringify` writes
 * them. The digest therefore covers every value of the plan and ignores only formatting. The text is hashed
 * in pieces as it is produced, never held whole.
 */
import { createHash } from 'node:crypto';
import { writeCanonicalJson } from './json-chunks';
import type { Plan } from './types';

export { canonicalJson } from './json-chunks';

/**
 * `sha256:<hex>` of the canonical JSON of `plan` with any `digest` and `signature` members left out: the
 * signature is made over the digest, so it cannot be part of it.
 */
export function computeDigest(
  plan: Omit<Plan, 'digest'> | Record<string, unknown>,
  /** Sees the canonical text as it is hashed: a second reader of the plan without a second walk of it. */
  observe?: (block: string) => void,
): string {
  const { digest: _ignored, signature: _signature, ...content } = plan as Record<string, unknown>;
  const hash = createHash('sha256');
  writeCanonicalJson(content, (block) => {
    observe?.(block);
    hash.update(block, 'utf8');
  });
  return `sha256:${hash.digest('hex')}`;
}

/** True when the plan's `digest` matches its content. */
export function verifyDigest(plan: Plan): boolean {
  return typeof plan.digest === 'string' && plan.digest === computeDigest(plan);
}
