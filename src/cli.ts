/**
 * The process edge (DESIGN §3): the only file that calls process.exit. Everything else is in src/commands.
 */
import type { CliIO } from './commands/io';
import { main } from './commands/main';

function processIO(): CliIO {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    interrupt: controller.signal,
  };
}

main(process.argv.slice(2), processIO()).then(
  (code) => {
    // Let stdout drain before exiting: a piped `plan --json` must not be cut short.
    process.stdout.write('', () => process.exit(code));
  },
  () => process.exit(70),
);
