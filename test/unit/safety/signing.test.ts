import { chmod, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDigest } from '../../../src/plan/digest';
import { parsePlanBytes, serializePlan } from '../../../src/plan/plan-file';
import {
  checkSignature,
  loadOrCreateSigningKey,
  loadSigningKey,
  SIGNING_KEY_FILE,
  signPlan,
} from '../../../src/plan/signing';
import type { Plan } from '../../../src/plan/types';
import { makeAction, makePlan } from '../../fixtures/plan';

const dir = () => mkdtemp(join(tmpdir(), 'evl-sign-'));

describe('plan signing', () => {
  it('creates a 0600 key once, signs the digest, and a signed plan round-trips through the plan file', async () => {
    const d = await dir();
    const key = await loadOrCreateSigningKey(d);
    expect((await stat(join(d, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateSigningKey(d)).id).toBe(key.id);
    const signed = signPlan(makePlan([makeAction({ id: 'a1' })]), key);
    expect(signed.signature).toMatch(new RegExp(`^ed25519:${key.id}:`));
    const read = parsePlanBytes(Buffer.from(serializePlan(signed)), 'plan.json');
    expect(checkSignature(read, key)).toEqual({ status: 'valid', keyId: key.id });
  });

  it('an edit with a recomputed digest keeps a valid digest but breaks the signature', async () => {
    const key = await loadOrCreateSigningKey(await dir());
    const signed = signPlan(makePlan([makeAction({ id: 'a1' })]), key);
    const edited: Plan = { ...signed, actions: [{ ...signed.actions[0]!, params: { scope: '/subscriptions/x' } }] };
    edited.digest = computeDigest(edited);
    expect(() => parsePlanBytes(Buffer.from(serializePlan(edited)), 'p')).not.toThrow();
    expect(checkSignature(edited, key).status).toBe('invalid');
    expect(checkSignature({ ...edited, signature: undefined }, key).status).toBe('unsigned');
  });

  it('a plan signed elsewhere is not checkable here', async () => {
    const mine = await loadOrCreateSigningKey(await dir());
    const theirs = await loadOrCreateSigningKey(await dir());
    const signed = signPlan(makePlan([]), theirs);
    expect(checkSignature(signed, mine)).toEqual({ status: 'unknown-key', keyId: theirs.id });
    expect(checkSignature(signed, undefined).status).toBe('unknown-key');
  });

  it('refuses a key others can read', async () => {
    const d = await dir();
    await loadOrCreateSigningKey(d);
    await chmod(join(d, SIGNING_KEY_FILE), 0o644);
    await expect(loadSigningKey(d)).rejects.toThrow(/can be read by other users/);
  });
});
