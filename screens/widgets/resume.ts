/**
 * How stopped work continues. On a real tenant the journal lets a later apply resume; in --demo the simulated
 * tenant ends with the wizard, so there is nothing to resume and saying so would send the admin looking.
 */
import type { ConnectInfo, FailureDecision } from '../../src/machine/services';
import type { MenuOption } from './ConfirmMenu';

type Simulated = Pick<ConnectInfo, 'simulated'> | undefined;

export function resumeWords(connection: Simulated): string {
  return connection?.simulated ? 'nothing to resume (simulated tenant)' : 'run apply again to resume';
}

/** The last line of the leave prompt. */
export function leaveWords(connection: Simulated): string {
  return connection?.simulated
    ? 'The simulated tenant ends with the wizard: nothing to resume.'
    : 'Nothing done is undone: run apply again to resume.';
}

/** Retry / Skip / Abort after a failed action. */
export const decisions = (connection: Simulated): MenuOption<FailureDecision>[] => [
  { value: 'retry', label: 'Retry', explain: 'Runs this action again now.' },
  {
    value: 'skip',
    label: 'Skip',
    explain: 'Leaves it and the actions that depend on it undone; the summary lists them.',
  },
  {
    value: 'abort',
    label: 'Abort',
    explain: connection?.simulated
      ? 'Stops after running actions finish (the simulated tenant ends with the wizard).'
      : 'Stops after running actions finish. Run apply again to resume.',
  },
];
