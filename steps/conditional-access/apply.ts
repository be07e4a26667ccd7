/**
 * Apply handlers and verifiers of the Conditional Access step. Each is idempotent: it reads the current state
 * first and reports `already-done` when the write is not needed, so a resumed run never writes twice (above
 * all, never creates a second policy).
 */

import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import { isTransient, isUserError, UserError } from '../../src/errors';
import type { CaPolicyFacts } from '../../src/plan/snapshot';
import type { Action } from '../../src/plan/types';
import type { CaPolicyBody } from './coverage';

const CA_PERMISSION =
  'Policy.ReadWrite.ConditionalAccess and Policy.Read.All (Conditional Access Administrator or Security Administrator)';

function param<T>(action: Action, name: string, check: (v: unknown) => boolean): T {
  const v = action.params[name];
  if (!check(v)) {
    throw new UserError(
      'plan-invalid',
      `a ${action.kind} action has no valid "${name}" parameter`,
      'Re-create the plan.',
    );
  }
  return v as T;
}
const isString = (v: unknown) => typeof v === 'string' && v !== '';
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** 403s on CA writes name the permission and role, whatever the gateway's generic wording was. */
function explainForbidden(e: unknown, what: string): never {
  if (isUserError(e) && e.code === 'forbidden' && !e.message.includes('Policy.ReadWrite.ConditionalAccess')) {
    throw new UserError(
      'forbidden',
      `${what} needs ${CA_PERMISSION}`,
      'Sign in as a Conditional Access Administrator and consent to Policy.ReadWrite.ConditionalAccess, then re-run apply.',
      e.exitCode,
      { ...e.details, missing: 'Policy.ReadWrite.ConditionalAccess' },
    );
  }
  throw e;
}

/** Key-order-insensitive JSON equality, for "is the patch already in place". */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** True when every property of the patch already holds (nested objects compared property by property). */
function patchHolds(patch: Record<string, unknown>, current: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([k, v]) =>
    isObject(v) && isObject(current[k])
      ? patchHolds(v as Record<string, unknown>, current[k] as Record<string, unknown>)
      : same(v ?? null, current[k] ?? null),
  );
}

async function findPolicy(action: Action, list: () => Promise<CaPolicyFacts[]>, id: string) {
  const policy = (await list()).find((p) => p.id.toLowerCase() === id.toLowerCase());
  if (!policy) {
    throw new UserError(
      'action-failed',
      `Conditional Access policy ${id} no longer exists`,
      `Re-create the plan: the policy was deleted after planning (${action.summary}).`,
    );
  }
  return policy;
}

export const createCaPolicy: ActionHandler = async (action, ctx) => {
  const body = param<CaPolicyBody>(action, 'body', isObject);
  ctx.progress('Checking for an existing policy with the same name…');
  const existing = (await ctx.gateway.graph.listCaPolicies()).find((p) => p.displayName === body.displayName);
  if (existing) {
    return {
      outcome: 'already-done',
      detail: `Policy "${body.displayName}" already exists`,
      outputs: { policyId: existing.id },
    };
  }
  ctx.progress(`Creating policy "${body.displayName}"…`);
  const created = await ctx.gateway.graph
    .createCaPolicy(body)
    .catch((e: unknown) => explainForbidden(e, 'creating a Conditional Access policy'));
  const kept = await keepOnePolicy(ctx, body.displayName, created);
  if (kept.id !== created.id) {
    return {
      outcome: 'already-done',
      detail: `Policy "${body.displayName}" was created by another run at the same time`,
      outputs: { policyId: kept.id },
    };
  }
  return {
    outcome: 'done',
    detail: `Policy "${created.displayName}" created (${created.state})`,
    outputs: { policyId: created.id },
  };
};

/** Oldest first; the same instant is ordered by id, so that every run picks the same policy. */
function olderFirst(a: CaPolicyFacts, b: CaPolicyFacts): number {
  const t = (p: CaPolicyFacts) => Date.parse(p.createdDateTime ?? '') || Number.MAX_SAFE_INTEGER;
  return t(a) - t(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Graph has no "create unless a policy of this name exists": two runs that both checked before either created
 * both create. Afterwards each run lists the policies of that name and every run keeps the same one (the
 * oldest) and deletes the others, so however the runs interleave, one policy remains.
 */
async function keepOnePolicy(
  ctx: Parameters<ActionHandler>[1],
  displayName: string,
  created: CaPolicyFacts,
): Promise<CaPolicyFacts> {
  const listed = (await ctx.gateway.graph.listCaPolicies()).filter((p) => p.displayName === displayName);
  const same = listed.some((p) => p.id === created.id) ? listed : [...listed, created];
  if (same.length < 2) return created;
  const [keep, ...extra] = [...same].sort(olderFirst);
  ctx.progress(`Removing ${extra.length} duplicate ${extra.length === 1 ? 'policy' : 'policies'} "${displayName}"…`);
  for (const p of extra) {
    await ctx.gateway.graph
      .deleteCaPolicy(p.id)
      .catch((e: unknown) => explainForbidden(e, 'removing a duplicate Conditional Access policy'));
  }
  return keep!;
}

export const updateCaPolicy: ActionHandler = async (action, ctx) => {
  const policyId = param<string>(action, 'policyId', isString);
  const patch = param<Partial<CaPolicyBody>>(action, 'patch', isObject);
  const current = await findPolicy(action, () => ctx.gateway.graph.listCaPolicies(), policyId);
  if (patchHolds(patch as Record<string, unknown>, current as unknown as Record<string, unknown>)) {
    return { outcome: 'already-done', detail: `Policy "${current.displayName}" is already as planned` };
  }
  ctx.progress(`Updating policy "${current.displayName}"…`);
  const updated = await ctx.gateway.graph
    .updateCaPolicy(policyId, patch)
    .catch((e: unknown) => explainForbidden(e, 'changing a Conditional Access policy'));
  return { outcome: 'done', detail: `Policy "${updated.displayName}" updated (${updated.state})` };
};

export const disablePerUserMfa: ActionHandler = async (action, ctx) => {
  const userId = param<string>(action, 'userId', isString);
  const state = (await ctx.gateway.graph.getPerUserMfa([userId]))[userId];
  if (state === 'disabled') return { outcome: 'already-done', detail: 'Per-user MFA is already disabled' };
  ctx.progress('Disabling legacy per-user MFA…');
  await ctx.gateway.graph.setPerUserMfa(userId, 'disabled');
  return { outcome: 'done', detail: `Per-user MFA disabled (was ${state ?? 'unknown'})` };
};

export const disableSecurityDefaults: ActionHandler = async (_action, ctx) => {
  if (!(await ctx.gateway.graph.getSecurityDefaults())) {
    return { outcome: 'already-done', detail: 'Security defaults are already off' };
  }
  ctx.progress('Turning security defaults off (tenant-wide)…');
  await ctx.gateway.graph
    .setSecurityDefaults(false)
    .catch((e: unknown) => explainForbidden(e, 'turning security defaults off'));
  return { outcome: 'done', detail: 'Security defaults turned off' };
};

const isNames = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every(isString);

/**
 * The last link of the security-defaults chain: every named policy not yet on is turned on, all requests sent
 * together, so the moment with neither security defaults nor the policies is as short as Graph allows. A
 * resumed run turns on only those still off.
 */
export const enableCaPolicies: ActionHandler = async (action, ctx) => {
  const names = param<string[]>(action, 'displayNames', isNames);
  const policies = await ctx.gateway.graph.listCaPolicies();
  const missing = names.filter((n) => !policies.some((p) => p.displayName === n));
  if (missing.length > 0) {
    throw new UserError(
      'action-failed',
      `${missing.length === 1 ? 'policy' : 'policies'} ${missing.map((n) => `"${n}"`).join(', ')} not found to turn on`,
      'Run plan again: it creates the missing policies and turns them on.',
    );
  }
  const off = policies.filter((p) => names.includes(p.displayName) && p.state !== 'enabled');
  if (off.length === 0) return { outcome: 'already-done', detail: 'Every policy is already on' };
  ctx.progress(`Turning on ${off.length} ${off.length === 1 ? 'policy' : 'policies'}…`);
  const results = await Promise.allSettled(
    off.map((p) => ctx.gateway.graph.updateCaPolicy(p.id, { state: 'enabled' })),
  );
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ policy: off[i]!, error: r.reason }] : []));
  if (failed.length > 0) {
    const first = failed[0]!.error;
    // A transient failure is retried by the executor (the retry turns on only those still off).
    if (isTransient(first)) throw first;
    if (failed.length === off.length) explainForbidden(first, 'turning a Conditional Access policy on');
    throw new UserError(
      'action-failed',
      `${failed.length} of ${off.length} policies could not be turned on: ${failed.map((f) => `"${f.policy.displayName}"`).join(', ')}`,
      'Security defaults are off: run apply again now to turn on the rest (or turn them on in the Entra admin center).',
    );
  }
  return { outcome: 'done', detail: `${off.length} ${off.length === 1 ? 'policy' : 'policies'} turned on` };
};

export const caVerifiers: Record<string, ActionVerifier> = {
  'enable-ca-policies': async (action, gateway) => {
    const names = param<string[]>(action, 'displayNames', isNames);
    const policies = await gateway.graph.listCaPolicies();
    const notOn = names.filter((n) => !policies.some((p) => p.displayName === n && p.state === 'enabled'));
    return notOn.length === 0 ? undefined : `not on: ${notOn.join(', ')}`;
  },
  'create-ca-policy': async (action, gateway) => {
    const body = param<CaPolicyBody>(action, 'body', isObject);
    const found = (await gateway.graph.listCaPolicies()).some((p) => p.displayName === body.displayName);
    return found ? undefined : `policy "${body.displayName}" was not found after creating it`;
  },
  'update-ca-policy': async (action, gateway) => {
    const policyId = param<string>(action, 'policyId', isString);
    const patch = param<Record<string, unknown>>(action, 'patch', isObject);
    const current = await findPolicy(action, () => gateway.graph.listCaPolicies(), policyId);
    return patchHolds(patch, current as unknown as Record<string, unknown>)
      ? undefined
      : `policy "${current.displayName}" does not match the planned change`;
  },
  'disable-per-user-mfa': async (action, gateway) => {
    const userId = param<string>(action, 'userId', isString);
    const state = (await gateway.graph.getPerUserMfa([userId]))[userId];
    return state === 'disabled' || state === undefined ? undefined : `per-user MFA is still ${state}`;
  },
  'disable-security-defaults': async (_action, gateway) =>
    (await gateway.graph.getSecurityDefaults()) ? 'security defaults are still on' : undefined,
};
