/**
 * Whether a user's registered authentication methods can satisfy a Conditional Access requirement over one
 * connection method, by the requirement's authentication strength combinations (`auth-strength.ts`): plain
 * `mfa` is the built-in Multifactor authentication strength. The password/WHfB RDP flow can carry only
 * Windows Hello for Business, whatever the policy asks for.
 */
import { AUTH_STRENGTH_IDS } from '../core/well-known-ids';
import type { AuthMethodFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { evaluateStrength, type StrengthFacts } from './auth-strength';
import type { CaRequirement } from './ca-evaluator';

export interface MethodVerdict {
  /** True when met, or when it depends on something registration details do not say (not a failure). */
  ok: boolean;
  /** What would satisfy the requirement, for messages: "Windows Hello for Business". */
  needs: string;
}

/** The strength a requirement asks for; undefined when it is not about methods (none, block). */
export function strengthOf(req: CaRequirement): StrengthFacts | undefined {
  if (req.level === 'mfa') return { id: AUTH_STRENGTH_IDS.mfa };
  if (req.level === 'strength') return req.strength ?? { id: req.strengthId };
  return undefined;
}

/** Whether `methods` can satisfy `req` on `method`. A `block` or `none` requirement is not about methods. */
export function satisfiesRequirement(
  methods: AuthMethodFacts,
  req: CaRequirement,
  method: ConnectionMethod,
): MethodVerdict {
  const strength = strengthOf(req);
  if (!strength) return { ok: true, needs: 'nothing' };
  const v = evaluateStrength(strength, methods, method);
  if (v.status === 'unmet') return { ok: false, needs: v.needs };
  return { ok: true, needs: v.status === 'met' ? v.via : v.dependsOn };
}
