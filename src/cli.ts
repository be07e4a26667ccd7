/**
 * The process edge: the only file that calls process.exit. Everything else is in src/commands.
 */
import * as nodeModule from 'node:module';
import { mark } from './marks';
import type { CliIO } from './workflows/io';

/**
 * Node 22 is needed (package.json's engines): older Node fails while linking the bundle's imports with a
 * SyntaxError that names no version. So the version is checked before the rest of the CLI is loaded, which is
 * why `main` is imported dynamically below and `enableCompileCache` (Node 22) is looked up, not imported.
 */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
if (NODE_MAJOR < 22) {
  process.stderr.write(
    `error: entra-vm-login needs Node.js 22 or later; this is Node.js ${process.versions.node}. Install Node.js 22 LTS and run it again.\n`,
  );
  process.exit(2);
}

const BATCH_COMMANDS = new Set(['plan', 'apply', 'doctor']);

// The batch commands load the Azure SDK chunks (several MB of JavaScript) on every run; Node's compile cache
// (os.tmpdir()/node-compile-cache) saves compiling them again, and the CLI's own chunks with them, which is why
// it is enabled before `main` is imported. Not for the wizard: its first frame does not wait for the SDKs, and
// the cache costs resident memory the wizard's budget does not have (its peak-RSS budget in `npm run bench`).
const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
if (process.argv.slice(2).some((word) => BATCH_COMMANDS.has(word))) enableCompileCache?.();

const { main } = await import('./commands/main');

function processIO(): CliIO {
  const controller = new AbortController();
  // Ctrl-C, `kill` and a closed terminal all ask the command to stop: stop starting work, journal what was in
  // flight, say how to resume. The signal's name is the abort reason, for the exit code (130, 143, 129). A
  // second Ctrl-C finds no listener and ends the process the default way.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => controller.abort(signal));
  }
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
