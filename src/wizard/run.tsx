/**
 * Starts the wizard: checks for a terminal, renders the App with Ink, and resolves with the exit code once
 * the machine asks to exit and any in-flight apply has settled. No `process.exit` here (src/cli.ts owns it).
 */
import { render } from 'ink';
import { signalExitCode, UserError } from '../errors';
import type { WizardServices } from '../machine/services';
import type { AnswersInput } from '../plan/answers';
import { App } from './App';
import type { EffectRunner } from './effects';

export interface RunWizardOptions {
  services: WizardServices;
  /** False under NO_COLOR or --no-color: no colour props reach Ink. */
  color: boolean;
  /** The built-in simulated tenant; its banner comes from `ConnectInfo.simulated`. */
  demo: boolean;
  answers?: AnswersInput;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /**
   * SIGTERM or SIGHUP (a closed terminal): stops an apply the way the apply screen's "leave now" does, so the
   * journal it leaves lets `apply` resume, then leaves with 143 or 129.
   */
  interrupt?: AbortSignal;
}

export async function runWizard(o: RunWizardOptions): Promise<number> {
  const stdin = o.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    throw new UserError(
      'no-terminal',
      'The wizard needs an interactive terminal and this input is not one.',
      'Use `entra-vm-login plan … --out plan.json` and `entra-vm-login apply plan.json --yes` in scripts.',
    );
  }
  let code = 0;
  let runner: EffectRunner | undefined;
  const instance = render(
    <App
      services={o.services}
      color={o.color}
      demo={o.demo}
      answers={o.answers}
      onRunner={(r) => {
        runner = r;
      }}
      onExit={(c) => {
        code = c;
        // After React has drawn the state that asked to exit ("Apply stopped…"), so that it is the last frame
        // left on the terminal while an in-flight apply settles.
        setImmediate(() => instance.unmount());
      }}
    />,
    {
      stdin,
      stdout: o.stdout ?? process.stdout,
      stderr: o.stderr ?? process.stderr,
      // Ctrl-C is a key the apply screen answers ("leave now?"); elsewhere it quits through the machine.
      exitOnCtrlC: false,
      // A keystroke's frame waits for Ink's render throttle; at its default 30 frames a second that wait alone
      // took a typed filter letter on a large fleet over the 50 ms a keystroke may take.
      maxFps: 60,
      // Ink renders only the last frame when it sees a CI variable; the wizard has already checked that it runs
      // in a terminal, and a wizard that draws nothing until it exits cannot be answered.
      interactive: true,
      patchConsole: false,
    },
  );
  const stop = () => {
    code = signalExitCode(o.interrupt?.reason);
    runner?.run({ type: 'abort-apply' });
    instance.unmount();
  };
  if (o.interrupt?.aborted) stop();
  else o.interrupt?.addEventListener('abort', stop, { once: true });
  await instance.waitUntilExit();
  await runner?.settled();
  return code;
}
