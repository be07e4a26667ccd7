/** NO_COLOR: with the root's colour flag off, no colour reaches the terminal even where it is supported. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const saved = process.env.FORCE_COLOR;
beforeAll(() => {
  // Chalk reads FORCE_COLOR when Ink is first imported, hence the dynamic imports below.
  process.env.FORCE_COLOR = '1';
});
afterAll(() => {
  if (saved === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = saved;
});

describe('colour flag', () => {
  let cleanupFn = () => {};
  afterEach(() => cleanupFn());

  it('colours findings when on and prints plain text when off', async () => {
    const { renderScreen, cleanup } = await import('./render');
    const { ColorContext } = await import('../../screens/widgets/color');
    const { FindingList } = await import('../../screens/widgets/FindingList');
    cleanupFn = cleanup;
    const findings = [
      {
        code: 'role-missing',
        severity: 'error',
        step: 'role-assignment',
        target: 'x',
        message: 'x has no role',
        remediation: '',
      },
    ] as const;
    const raw = async (color: boolean) => {
      const r = renderScreen(
        <ColorContext.Provider value={color}>
          <FindingList findings={findings} />
        </ColorContext.Provider>,
      );
      await r.waitForText('x has no role');
      return r.frames.at(-1)!;
    };
    const coloured = await raw(true);
    const plain = await raw(false);
    expect(coloured).toContain('\u001B[31m✖');
    expect(plain).not.toContain('\u001B[3');
    expect(plain).toContain('✖ No VM login role: x has no role');
  });
});
