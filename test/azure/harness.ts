/** Builds a gateway on a running emulator exactly as the CLI would: from the environment the emulator gives. */
import { resolveCloud } from '../../src/azure/clouds';
import { createCredentials } from '../../src/azure/credentials';
import { createGateway, type GatewayOptions } from '../../src/azure/gateway';
import type { Gateway } from '../../src/azure/operations';

export interface EmulatorEnv {
  env(): Record<string, string>;
}

export interface TestGateway {
  gateway: Gateway;
  /** Every wait the read retry asked for, in order (the injected sleep returns at once). */
  sleeps: number[];
  debug: string[];
}

export function gatewayOn(
  emu: EmulatorEnv,
  envOverrides: Record<string, string> = {},
  options: Partial<GatewayOptions> = {},
): TestGateway {
  const env = { ...emu.env(), ...envOverrides };
  const cloud = resolveCloud('AzureCloud', env);
  const credentials = createCredentials({ cloud, env, interactive: 'none' });
  const sleeps: number[] = [];
  const debug: string[] = [];
  const gateway = createGateway({
    cloud,
    credentials,
    env,
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
    pollIntervalMs: 5,
    // The SDK's own retry would sleep in real time; the gateway's read retry is what these tests exercise.
    sdkRetry: { maxRetries: 0 },
    debugWrite: (line) => debug.push(line),
    ...options,
  });
  return { gateway, sleeps, debug };
}
