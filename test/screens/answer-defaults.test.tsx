/**
 * Answer defaults are decided once, by the answers schema: the screens show whatever it says. Here the schema
 * is changed (per-user MFA off, policy on, key trust by default) and the screens follow; a screen that kept
 * its own `?? true` or `?? 'report-only'` would still show the old defaults.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { StepHarness } from './fixtures';
import { cleanup, renderScreen } from './render';

vi.mock('../../src/plan/answers', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/plan/answers')>();
  const answersSchema = original.answersSchema.extend({
    disablePerUserMfa: z.boolean().default(false),
    caState: z.enum(['report-only', 'on']).default('on'),
    whfbTrust: z.enum(original.WHFB_TRUSTS).default('key'),
  });
  return {
    ...original,
    answersSchema,
    parseAnswers: (input: unknown) => answersSchema.parse(input ?? {}),
    answersWithDefaults: (input: unknown) => answersSchema.parse(input ?? {}),
  };
});

afterEach(cleanup);

describe('answer defaults come from the answers schema alone', () => {
  it('Conditional Access shows the schema’s defaults for the state and per-user MFA', async () => {
    const r = renderScreen(
      <StepHarness id="conditional-access" initial={{ exclude: ['breakglass@contoso.example'] }} />,
      {
        columns: 120,
      },
    );
    const frame = await r.waitForText('Policy state:');
    expect(frame).toContain('Policy state: report-only  [on]');
    expect(frame).toContain('Disable legacy per-user MFA for these users? [ ]');
  });

  it('client readiness shows the schema’s default trust model', async () => {
    const r = renderScreen(<StepHarness id="client-readiness" />, { columns: 120 });
    expect(await r.waitForText('WHfB trust model:')).toContain('WHfB trust model: certificate  [key]');
  });
});
