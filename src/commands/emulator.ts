/** `emulator`: serve the simulated tenant until Ctrl-C and print the environment that points the CLI at it. */
import { parseFaults, startEmulator } from '../emulator/index';
import type { SCENARIO_NAMES } from '../emulator/scenarios/names';
import { UserError } from '../errors';
import type { CliIO, GlobalOptions } from '../workflows/io';

export interface EmulatorCommandOptions extends GlobalOptions {
  port: number;
  scenario: (typeof SCENARIO_NAMES)[number];
  vms?: number;
  grantsPerVm?: boolean;
  latency: number;
  faults?: string;
  /** Extension install duration in ms (tests use small values). */
  installMs?: number;
  tls: boolean;
  pageSize: number;
}

/** A bad --faults rule is bad input: the parser's message names the rule and what would be valid. */
function checkFaults(spec: string | undefined): void {
  if (spec === undefined) return;
  try {
    parseFaults(spec);
  } catch (e) {
    throw new UserError(
      'bad-input',
      `--faults: ${(e as Error).message}`,
      'A rule is kind=rate[:option…][@[METHOD:]/path-part], e.g. 429=0.1:retry-after=1 or 403=1@GET:/virtualNetworks/.',
    );
  }
}

export async function runEmulatorCommand(opts: EmulatorCommandOptions, io: CliIO): Promise<number> {
  checkFaults(opts.faults);
  const emulator = await startEmulator({
    throttle: true,
    scenario: opts.vms ? 'fleet' : opts.scenario,
    vms: opts.vms,
    grantsPerVm: opts.grantsPerVm,
    port: opts.port,
    tls: opts.tls,
    latencyMs: opts.latency,
    faults: opts.faults,
    extensionInstallMs: opts.installMs,
    pageSize: opts.pageSize,
  }).catch((e: NodeJS.ErrnoException) => {
    if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES') {
      throw new UserError(
        'bad-input',
        `cannot listen on 127.0.0.1:${opts.port} (${e.code})`,
        'Pick another port with --port, or leave it out to use a free one.',
      );
    }
    throw e;
  });
  io.stderr.write(
    `Simulated tenant '${opts.vms ? `fleet of ${opts.vms} VMs` : opts.scenario}' (tenant ${emulator.tenantId}) at ${emulator.armEndpoint}\n` +
      'Point entra-vm-login at it from another shell with:\n',
  );
  for (const [k, v] of Object.entries(emulator.env())) io.stdout.write(`export ${k}=${shellQuote(v)}\n`);
  io.stderr.write('Request log: GET /_emulator/log. Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    if (io.interrupt.aborted) resolve();
    io.interrupt.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  io.stderr.write('Emulator stopped.\n');
  return 0;
}

function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
