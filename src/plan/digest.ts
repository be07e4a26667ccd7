/**
 * The plan digest: SHA-256 over the canonical JSON of the plan without its `digest` field. Canonical means
 * object keys sorted (recursively, by UTF-16 code units), no whitespace, values as `JSON.stringify` writes
 * them. The digest therefore covers every value of the plan and ignores only formatting.
 */
import { createHash } from 'node:crypto';
import type { Plan } from './types';

/** Deterministic JSON: sorted keys at every depth; `undefined` members dropped as `JSON.stringify` does. */
export function canonicalJson(value: unknown): string {
  const toJson = (value as { toJSON?: () => unknown } | null | undefined)?.toJSON;
  if (typeof toJson === 'function') return canonicalJson(toJson.call(value));
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * `sha256:<hex>` of the canonical JSON of `plan` with any `digest` and `signature` members left out: the
 * signature is made over the digest, so it cannot be part of it.
 */
export function computeDigest(plan: Omit<Plan, 'digest'> | Record<string, unknown>): string {
  const { digest: _ignored, signature: _signature, ...content } = plan as Record<string, unknown>;
  return `sha256:${createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex')}`;
}

/** True when the plan's `digest` matches its content. */
export function verifyDigest(plan: Plan): boolean {
  return typeof plan.digest === 'string' && plan.digest === computeDigest(plan);
}
