/**
 * "Next steps" after an apply, for the wizard's summary and `apply` on the command line alike: first, when MFA
 * stays report-only, for whom, why and the one command that enforces it (the plan's goal status); then, per
 * connection method, the command (or portal link) with the real names of the first VM it reaches and the
 * connection hint's own note (the same hint `doctor` prints as "Connect:").
 */
import { goalStatus } from '../plan/goal';
import type { ConnectionMethod, Plan } from '../plan/types';
import { terminalSafe } from '../plan/untrusted';

/** The command (or link) to connect by one method, filled in for the first selected VM it fits. */
export interface ConnectCommand {
  method: ConnectionMethod;
  vm: string;
  command: string;
  /** What the command needs or sets (from the connection hint). */
  note?: string;
  /** Other selected VMs the same command works for, with their own names. */
  more: number;
}

export interface NextStep {
  /** `!` for what still keeps MFA from being enforced, `•` for how to connect. */
  mark: '!' | '•';
  text: string;
  /** A command to copy, on its own line. */
  command?: string;
}

function connectStep(c: ConnectCommand): NextStep {
  const others = c.more > 0 ? ` (the same for the ${c.more} other VM${c.more === 1 ? '' : 's'}, with their names)` : '';
  const verb = c.method === 'bastion-portal' ? 'Open' : 'Run';
  return { mark: '•', text: `${verb} ${c.command}${others}.${c.note ? ` ${c.note}` : ''}` };
}

/** The steps in order; a method no selected VM fits has nothing to connect to and no step. */
export function nextSteps(commands: readonly ConnectCommand[], plan: Plan): NextStep[] {
  const out: NextStep[] = [];
  const enforce = goalStatus(plan).enforce;
  if (enforce) {
    out.push({
      mark: '!',
      text: `MFA is not yet enforced for ${enforce.who}: ${enforce.why}. ${enforce.review}`,
      command: enforce.command,
    });
  }
  for (const m of plan.answers.connections) {
    const c = commands.find((x) => x.method === m);
    if (c) out.push(connectStep(c));
  }
  return out;
}

export function renderNextStepsText(commands: readonly ConnectCommand[], plan: Plan): string {
  const steps = nextSteps(commands, plan);
  if (steps.length === 0) return '';
  // VM and Bastion names come from the tenant: each line is made safe for the terminal.
  const lines = steps.flatMap((s) => [
    `  ${s.mark} ${terminalSafe(s.text)}`,
    ...(s.command ? [`    ${terminalSafe(s.command)}`] : []),
  ]);
  return `Next steps\n${lines.join('\n')}\n`;
}
