import { describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors';
import { runWizard } from '../../src/wizard/run';
import { createFakeServices } from './fake-services';
import { FakeStdin, FakeStdout } from './render';

const streams = () => {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(80, 30);
  const stderr = new FakeStdout(80, 30);
  return {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    raw: { stdin, stdout },
  };
};

describe('runWizard', () => {
  it('refuses to start without a terminal, with a next step', async () => {
    const s = streams();
    s.raw.stdin.isTTY = false;
    const services = createFakeServices();
    const err = await runWizard({ services, color: false, demo: true, ...s }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('no-terminal');
    expect((err as UserError).hint).toContain('--yes');
    expect(services.calls).toEqual([]);
  });

  it('runs the App and resolves with the exit code the machine chose', async () => {
    const s = streams();
    const services = createFakeServices();
    const done = runWizard({ services, color: false, demo: true, ...s });
    await vi.waitFor(() => {
      expect(services.calls).toEqual(['connect', 'discover']);
      expect(s.raw.stdin.listenerCount('readable')).toBeGreaterThan(0);
    });
    s.raw.stdin.write('q');
    await expect(done).resolves.toBe(130);
  });
});
