/**
 * The simulated tenant: one HTTP(S) server on 127.0.0.1 speaking ARM at `/` and Graph at
 * `/graph/{v1.0|beta}`, backed by a scenario's state. The product reaches it through the same code path as a
 * real tenant via `env()`.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArmThrottle } from './arm/throttle';
import { Faults } from './faults';
import { RequestLog } from './log';
import { createPrng } from './prng';
import { loadScenario } from './scenarios';
import { createHandler } from './server';
import type { TenantState } from './state';
import { createCertificate } from './tls';

export interface EmulatorOptions {
  /** `demo` (default) | `clean` | `fleet` | `partial`. */
  scenario?: string;
  /** Generate a fleet of N VMs (implies `fleet` when no scenario is named). */
  vms?: number;
  /** In the fleet: a VM User Login assignment per VM for its user group (`FleetOptions`). */
  grantsPerVm?: boolean;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default true: a per-run self-signed certificate for 127.0.0.1 and localhost. */
  tls?: boolean;
  /** Added to every request. */
  latencyMs?: number;
  /** FaultSpec text: see `faults.ts`. */
  faults?: string;
  seed?: number;
  /** Duration of an extension install; default 1500, 0 allowed. */
  extensionInstallMs?: number;
  /** ARM and Graph page size, default 100. */
  pageSize?: number;
  /** The bearer token to accept (default: a fresh JWT-shaped one); tests pass a distinctive value to hunt leaks. */
  token?: string;
  /**
   * ARM's token-bucket throttling (src/emulator/arm/throttle.ts). On for the `emulator` command, `--demo` and
   * the benchmarks; off by default in-process, where tests count requests and inject their own 429s.
   */
  throttle?: boolean;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  armEndpoint: string;
  /** `https://127.0.0.1:PORT/graph`; Graph versions under it: `/graph/v1.0/…`, `/graph/beta/…`. */
  graphEndpoint: string;
  /** The static bearer token the emulator accepts. */
  token: string;
  caPem?: string;
  /** The CA certificate written to a temp dir; removed on close. */
  caFile?: string;
  tenantId: string;
  state: TenantState;
  log: RequestLog;
  /** ARM's token buckets, when the throttle model is on. */
  throttle?: ArmThrottle;
  /** ENTRA_VM_LOGIN_ARM_ENDPOINT, ENTRA_VM_LOGIN_GRAPH_ENDPOINT, ENTRA_VM_LOGIN_TOKEN, ENTRA_VM_LOGIN_CA_FILE. */
  env(): Record<string, string>;
  /** Replaces the fault rules; throws on a bad spec. */
  setFaults(spec: string): void;
  close(): Promise<void>;
}

/**
 * A JWT-shaped token (unsigned) carrying the tenant and caller, so code that reads claims for display works;
 * the emulator only compares it as an opaque string.
 */
function makeToken(state: TenantState): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = { typ: 'JWT', alg: 'none' };
  const payload = {
    aud: 'https://management.azure.com/',
    iss: `https://sts.windows.net/${state.tenantId}/`,
    tid: state.tenantId,
    oid: state.caller.objectId,
    upn: state.caller.userPrincipalName,
    name: 'Emulator caller',
    exp: 4102444800,
  };
  return `${b64(header)}.${b64(payload)}.${randomBytes(24).toString('base64url')}`;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = opts.seed ?? 1;
  const state = loadScenario(opts.scenario, opts.vms, seed, Date.now(), { grantsPerVm: opts.grantsPerVm });
  const log = new RequestLog();
  const faults = new Faults(createPrng(seed ^ 0xfa17), opts.faults ?? '');
  const token = opts.token ?? makeToken(state);
  const tls = opts.tls !== false;
  const throttle = opts.throttle === true ? new ArmThrottle() : undefined;
  let origin = '';
  const handler = createHandler({
    state,
    log,
    faults,
    token,
    latencyMs: opts.latencyMs ?? 0,
    pageSize: opts.pageSize ?? 100,
    extensionInstallMs: opts.extensionInstallMs ?? 1500,
    throttle,
    origin: () => origin,
  });
  const listener = (req: Parameters<typeof handler>[0], res: Parameters<typeof handler>[1]) => void handler(req, res);
  let caPem: string | undefined;
  let caDir: string | undefined;
  let caFile: string | undefined;
  let removeOnExit: (() => void) | undefined;
  let server: Server;
  if (tls) {
    const cert = await createCertificate();
    caPem = cert.cert;
    server = createHttpsServer({ key: cert.key, cert: cert.cert }, listener);
    caDir = await mkdtemp(join(tmpdir(), 'entra-vm-login-emulator-'));
    caFile = join(caDir, 'ca.pem');
    await writeFile(caFile, caPem, { mode: 0o600 });
    // A process that ends without close() (a signal ending the wizard or `plan --demo`, any process.exit)
    // still removes the certificate's folder: 'exit' listeners run on every exit and may only be synchronous.
    const dir = caDir;
    removeOnExit = () => rmSync(dir, { recursive: true, force: true });
    process.once('exit', removeOnExit);
  } else {
    server = createHttpServer(listener);
  }
  // The emulator never closes an idle connection on its own. Node's default (about 6 s) lets a client reuse a
  // connection in the same instant the server closes it: a reset no fault plan asked for, counted by tests that
  // compare the retries a command reports with the faults the emulator injected. close() ends every connection.
  server.keepAliveTimeout = 0;
  // Every connection, also one whose TLS handshake a client abandoned (the HTTP server does not know those yet,
  // so closeAllConnections() misses them and close() would wait for them forever).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const graphEndpoint = `${origin}/graph`;
  let closed = false;
  return {
    armEndpoint: origin,
    graphEndpoint,
    token,
    caPem,
    caFile,
    tenantId: state.tenantId,
    state,
    log,
    throttle,
    env: () => ({
      ENTRA_VM_LOGIN_ARM_ENDPOINT: origin,
      ENTRA_VM_LOGIN_GRAPH_ENDPOINT: graphEndpoint,
      ENTRA_VM_LOGIN_TOKEN: token,
      ...(caFile ? { ENTRA_VM_LOGIN_CA_FILE: caFile } : {}),
    }),
    setFaults: (spec) => faults.set(spec),
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      if (caDir) await rm(caDir, { recursive: true, force: true });
      if (removeOnExit) process.removeListener('exit', removeOnExit);
    },
  };
}

export { parseFaults } from './faults';
export type { LogEntry } from './log';
export { RequestLog } from './log';
export { CLEAN } from './scenarios/clean';
export { DEMO } from './scenarios/demo';
export { FLEET } from './scenarios/fleet';
export { HOSTILE } from './scenarios/hostile';
export { SCENARIO_NAMES, WHY_NO_MFA_SCENARIOS } from './scenarios/names';
export { PARTIAL } from './scenarios/partial';
export { WHY_NO_MFA, WHY_NO_MFA_CAUSES, type WhyNoMfaCause } from './scenarios/why-no-mfa';
export type { TenantState } from './state';
