import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { UserError } from '../../../src/errors';
import type { Action } from '../../../src/plan/types';
import identityExtension from '../../../steps/identity-extension';

const vmId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
const spec = {
  name: 'AADLoginForWindows',
  publisher: 'Microsoft.Azure.ActiveDirectory',
  type: 'AADLoginForWindows',
  typeHandlerVersion: '2.2',
  autoUpgradeMinorVersion: true,
};
const action: Action = {
  id: 'a1',
  kind: 'install-extension',
  step: 'identity-extension',
  target: vmId,
  summary: 'Install AADLoginForWindows on vm1',
  reason: 'r',
  dependsOn: [],
  requires: 'Virtual Machine Contributor on vm1',
  command: 'az vm extension set …',
  params: { vmId, vmName: 'vm1', location: 'westeurope', spec },
};

function gatewayWith(states: string[]): { gateway: Gateway; installs: number } {
  const record = { installs: 0 } as { gateway: Gateway; installs: number };
  let reads = 0;
  const extension = (state: string) => ({ ...spec, provisioningState: state, statuses: [], substatuses: [] });
  record.gateway = {
    cloud: 'AzureCloud',
    requestCount: () => 0,
    graph: {} as Gateway['graph'],
    arm: {
      getExtension: async () => extension(states[Math.min(reads++, states.length - 1)]!),
      installExtension: async () => {
        record.installs++;
        return extension('Succeeded');
      },
    } as unknown as Gateway['arm'],
  };
  return record;
}

const ctx = (gateway: Gateway) => ({ gateway, signal: new AbortController().signal, progress: () => {} });
const install = identityExtension.handlers['install-extension']!;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('install-extension handler on resume', () => {
  it('waits for an install a killed run left going and reports it already done', async () => {
    const g = gatewayWith(['Creating', 'Creating', 'Succeeded']);
    await expect(install(action, ctx(g.gateway))).resolves.toMatchObject({ outcome: 'already-done' });
    expect(g.installs).toBe(0);
  });

  it('gives up with an actionable error when the earlier install never ends', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => {
      now += 10 * 60_000;
      return now;
    });
    const g = gatewayWith(['Creating']);
    await expect(install(action, ctx(g.gateway))).rejects.toThrow(
      'AADLoginForWindows on vm1 is still creating after 20 minutes',
    );
    expect(g.installs).toBe(0);
  });

  it('re-runs a failed install with a new forceUpdateTag', async () => {
    const g = gatewayWith(['Failed']);
    const calls: unknown[] = [];
    const arm = g.gateway.arm as unknown as { installExtension: (...a: unknown[]) => Promise<unknown> };
    const original = arm.installExtension;
    arm.installExtension = async (...args: unknown[]) => {
      calls.push(args[2]);
      return original(...args);
    };
    await expect(install(action, ctx(g.gateway))).resolves.toMatchObject({ outcome: 'done' });
    expect(calls).toHaveLength(1);
    expect((calls[0] as { forceUpdateTag?: string }).forceUpdateTag).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('waits for an install another run started between its read and its PUT (409 OperationNotAllowed)', async () => {
    // Read: not installed; PUT: refused because the other run's operation is in progress; then theirs ends.
    const g = gatewayWith([]);
    const states = ['absent', 'Creating', 'Succeeded'];
    let reads = 0;
    const arm = g.gateway.arm as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    arm.getExtension = async () => {
      const state = states[Math.min(reads++, states.length - 1)]!;
      return state === 'absent' ? undefined : { ...spec, provisioningState: state, statuses: [], substatuses: [] };
    };
    arm.installExtension = async () => {
      throw new UserError('conflict', 'Conflict while installing the sign-in extension', 'Re-read and retry', 2, {
        status: 409,
        serviceCode: 'OperationNotAllowed',
      });
    };
    await expect(install(action, ctx(g.gateway))).resolves.toMatchObject({ outcome: 'already-done' });
  });

  it('still fails on any other conflict', async () => {
    const g = gatewayWith(['Failed']);
    const arm = g.gateway.arm as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    arm.installExtension = async () => {
      throw new UserError('conflict', 'Conflict while installing the sign-in extension', 'Re-read and retry', 2, {
        status: 409,
        serviceCode: 'Conflict',
      });
    };
    await expect(install(action, ctx(g.gateway))).rejects.toThrow('Conflict while installing');
  });
});
