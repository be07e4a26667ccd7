/**
 * Connect: a cloud profile and a credential give one Gateway. `--demo` starts the simulated
 * tenant in-process and then connects exactly as to a real tenant, through the same environment variables.
 */
import type { Gateway } from '../azure/operations';
import { UserError } from '../errors';
import { mark } from '../marks';
import type { CloudName } from '../plan/types';
import type { CliIO, GlobalOptions } from './io';

export interface Connection {
  gateway: Gateway;
  cloud: CloudName;
  tenantId: string;
  tenantName: string;
  /** True on the built-in simulated tenant. */
  simulated: boolean;
  /**
   * With `checkTenant: 'alongside'`: settles once the signed-in tenant has been read and matched against
   * --tenant (`tenantId` and `tenantName` are empty until then, and discovery reads the tenant itself).
   */
  tenantChecked?: Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** How to sign in when no token is at hand: the wizard may open a browser; plan/apply/doctor too. */
  interactive: 'browser' | 'device-code' | 'none';
  onDeviceCode?: (message: string) => void;
  /** Told about each request that failed transiently and is retried (progress: "↻ … retrying"). */
  onRetry?: (message: string) => void;
  /** Aborts every request in flight and every wait (the command's interrupt, possibly after a grace period). */
  cancel?: AbortSignal;
  /**
   * `before` (the default): read the signed-in tenant and check --tenant before returning. `alongside`: start
   * that read and return at once, so that a read-only command's discovery overlaps the sign-in round trip;
   * the caller awaits `tenantChecked`.
   */
  checkTenant?: 'before' | 'alongside';
  /** Demo only: how long an emulated extension install takes. */
  extensionInstallMs?: number;
}

export async function connect(globals: GlobalOptions, io: CliIO, options: ConnectOptions): Promise<Connection> {
  let env: NodeJS.ProcessEnv = io.env;
  let closeEmulator = async () => {};
  if (globals.demo) {
    const { startEmulator } = await import('../emulator');
    const emulator = await startEmulator({
      throttle: true,
      scenario: 'demo',
      extensionInstallMs: options.extensionInstallMs ?? Number(io.env.ENTRA_VM_LOGIN_DEMO_INSTALL_MS ?? 1500),
    });
    env = { ...io.env, ...emulator.env() };
    closeEmulator = () => emulator.close();
  }
  try {
    const [{ resolveCloud }, { createCredentials }, { createGateway }] = await Promise.all([
      import('../azure/clouds'),
      import('../azure/credentials'),
      import('../azure/gateway'),
    ]);
    mark('sdk-loaded');
    const cloud = resolveCloud(globals.cloud ?? 'AzureCloud', env);
    const credentials = createCredentials({
      cloud,
      tenantId: globals.tenant,
      clientId: globals.clientId,
      env,
      interactive: globals.deviceCode ? 'device-code' : options.interactive,
      onDeviceCode: options.onDeviceCode,
    });
    const gateway = createGateway({
      cloud,
      credentials,
      env,
      onTransient: options.onRetry,
      requestTimeoutMs: globals.requestTimeoutMs,
      cancel: options.cancel,
    });
    const checked = gateway.graph.getTenant().then((tenant) => {
      if (globals.tenant && tenant.id.toLowerCase() !== globals.tenant.toLowerCase()) {
        throw new UserError(
          'bad-input',
          `signed in to tenant ${tenant.id}, not ${globals.tenant}`,
          'Sign in to the right tenant (az login --tenant <id>) or drop --tenant.',
        );
      }
      return tenant;
    });
    if (options.checkTenant === 'alongside') {
      // Awaited by the caller; until then a failure must not surface as an unhandled rejection.
      const tenantChecked = checked.then(() => undefined);
      tenantChecked.catch(() => {});
      return {
        gateway,
        cloud: cloud.name,
        tenantId: '',
        tenantName: '',
        simulated: globals.demo,
        tenantChecked,
        close: closeEmulator,
      };
    }
    const tenant = await checked;
    return {
      gateway,
      cloud: cloud.name,
      tenantId: tenant.id,
      tenantName: tenant.displayName,
      simulated: globals.demo,
      close: closeEmulator,
    };
  } catch (e) {
    await closeEmulator();
    throw e;
  }
}
