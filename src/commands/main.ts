/**
 * Parse, run one command, turn errors into output and an exit code. Expected failures (UserError) print one
 * line and a hint; anything else is reported as a bug, without a stack trace unless ENTRA_VM_LOGIN_DEBUG is set.
 */
import { CommanderError } from 'commander';
import { BugError, isUserError, signalExitCode } from '../errors';
import { fileSystemError, isFileSystemError } from '../fs-errors';
import { redact } from '../redact';
import { type CliIO, stderrLine } from '../workflows/io';
import { buildProgram } from './program';

export async function main(argv: string[], io: CliIO): Promise<number> {
  let pending: (() => Promise<number>) | undefined;
  const program = buildProgram(io, (run) => {
    pending = run;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return pending ? await pending() : 0;
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: CliIO): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
      return 0;
    }
    io.stderr.write(stderrLine(commanderLine(e)));
    return 2;
  }
  if (isUserError(e) && e.code === 'interrupted' && io.interrupt.aborted) {
    // A read-only command stopped by a signal: nothing was changed, nothing to resume.
    io.stderr.write('Interrupted: nothing was changed.\n');
    return signalExitCode(io.interrupt.reason);
  }
  if (isUserError(e)) {
    io.stderr.write(stderrLine(`error: ${e.message}`));
    if (e.hint) io.stderr.write(stderrLine(`  ${e.hint}`));
    return e.exitCode;
  }
  if (isFileSystemError(e)) {
    // A disk failure no command anticipated is still the user's to fix, not a bug.
    const user = fileSystemError(e, e.syscall === 'open' || e.syscall === 'read' ? 'open' : 'write');
    io.stderr.write(stderrLine(`error: ${user.message}`) + stderrLine(`  ${user.hint}`));
    return 2;
  }
  const bug = e instanceof BugError ? e : new BugError(e instanceof Error ? e.message : String(e));
  io.stderr.write(stderrLine(`error: this is a bug in entra-vm-login: ${bug.message}`));
  io.stderr.write('  Please report it with the command you ran (never include tokens).\n');
  if (io.env.ENTRA_VM_LOGIN_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${redact(e.stack)}\n`);
  return 70;
}

/** Commander's messages, made into one line that names the problem and the fix. */
function commanderLine(e: CommanderError): string {
  const msg = e.message.replace(/^error: /, '').split('\n')[0] ?? e.message;
  switch (e.code) {
    case 'commander.unknownOption':
    case 'commander.unknownCommand':
      return `error: ${msg}. Run 'entra-vm-login --help' for the commands and options.`;
    case 'commander.optionMissingArgument':
    case 'commander.missingArgument':
    case 'commander.missingMandatoryOptionValue':
    case 'commander.invalidArgument':
    case 'commander.conflictingOption':
    case 'commander.excessArguments':
      return `error: ${msg} See --help for examples.`;
    default:
      return `error: ${msg}`;
  }
}
