/**
 * The process edge (DESIGN §3): the only file that calls process.exit. Everything else is in src/commands.
 */
import type { CliIO } from './commands/io';
import { main } from './commands/main';
import { mark } from './marks';

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

// Peak memory for `npm run bench`; a no-op unless ENTRA_VM_LOGIN_BENCH_MARKS is set.
process.once('exit', () => mark('peak-rss-kb', process.resourceUsage().maxRSS));

main(process.argv.slice(2), processIO()).then(
  (code) => {
    // Let stdout drain before exiting: a piped `plan --json` must not be cut short.
    process.stdout.write('', () => process.exit(code));
  },
  () => process.exit(70),
);
