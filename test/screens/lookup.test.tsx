/** Looking principals up as a first-time admin types: stale answers, substrings, the break-glass exclusion. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswersInput } from '../../src/plan/answers';
import type { PrincipalFacts } from '../../src/plan/snapshot';
import { createFakeServices, PRINCIPALS } from './fake-services';
import { StepHarness } from './fixtures';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

/** A lookup whose answers the test releases, one per call, in any order. */
function heldLookup() {
  const pending: { text: string; resolve: (p: PrincipalFacts[]) => void }[] = [];
  return {
    pending,
    lookup: (text: string) => new Promise<PrincipalFacts[]>((resolve) => pending.push({ text, resolve })),
  };
}

describe('principal lookup', () => {
  it('drops an answer that arrives after a newer lookup: no "no match" beside the matches', async () => {
    const held = heldLookup();
    const r = renderScreen(<StepHarness id="role-assignment" lookup={held.lookup} />);
    await r.waitForText('Add a user or group');
    await r.type('g');
    await r.press('enter');
    await r.waitForText('Looking up…');
    await r.type('ue');
    await r.press('enter');
    await r.waitForFrame(() => held.pending.length === 2);
    // The newer lookup answers first, then the older one says it found nothing.
    held.pending[1]!.resolve(PRINCIPALS.filter((p) => p.userType === 'Guest'));
    await r.waitForText('guest Carol (guest)');
    held.pending[0]!.resolve([]);
    await new Promise((res) => setTimeout(res, 50));
    const frame = await r.settled();
    expect(frame).not.toContain('No user or group matches');
    expect(frame).toContain('guest Carol (guest)');
  });

  it('finds the guest by "ext" and users by "@", anywhere in the UPN', async () => {
    const services = createFakeServices();
    const r = renderScreen(<StepHarness id="role-assignment" lookup={(t) => services.lookupPrincipal(t)} />);
    await r.waitForText('Add a user or group');
    await r.type('ext');
    await r.press('enter');
    await r.waitForText('carol_fabrikam.example#EXT#@contoso.example');
    for (let i = 0; i < 3; i++) await r.press('backspace');
    await r.waitForFrame((f) => !f.includes('#EXT#'));
    await r.type('@');
    await r.press('enter');
    await r.waitForText('bob@contoso.example');
  });
});

describe('break-glass exclusion', () => {
  const onCa = { caState: 'on' as const };
  async function toExcludeField() {
    const seen: AnswersInput[] = [];
    const r = renderScreen(<StepHarness id="conditional-access" initial={onCa} onAnswers={(a) => seen.push(a)} />, {
      columns: 120,
      rows: 40,
    });
    await r.waitForText('Exclude a break-glass account');
    for (let i = 0; i < 6 && !/^❯ Exclude/m.test(r.frame()); i++) await r.press('down');
    await r.waitForFrame((f) => /^❯ Exclude a break-glass account/m.test(f));
    return { r, seen };
  }

  it('adds only an account the tenant has: any text is looked up first', async () => {
    const { r, seen } = await toExcludeField();
    await r.type('excluded break');
    await r.press('enter');
    await r.waitForText('No user or group matches “excluded break”');
    expect(seen.some((a) => a.exclude?.length)).toBe(false);
    // One burst of backspaces clears the field; "break" then matches the break-glass account in part.
    await r.press('\u007F'.repeat('excluded break'.length));
    await r.waitForFrame((f) => /Exclude a break-glass account: ▏/.test(f));
    await r.type('break');
    await r.press('enter');
    await r.waitForText('user Break Glass · breakglass@contoso.example');
    await r.press('down');
    await r.press('enter');
    await r.waitForText('excluded breakglass@contoso.example');
    expect(seen.at(-1)?.exclude).toEqual(['breakglass@contoso.example']);
  });
});
