/**
 * The client device's compliance as an input: `--client-compliant`, else Graph's `device.isCompliant` for the
 * device dsregcmd names (its DeviceId), read through the real Graph client from the emulator.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import { type AnswersInput, parseAnswers } from '../../../src/plan/answers';
import { emptySnapshot } from '../../../src/plan/snapshot';
import clientReadiness from '../../../steps/client-readiness';
import { ENTRA_JOINED } from '../../unit/checks-ca/dsregcmd-samples';
import { gatewayFor } from '../steps-1-3/emulator-helpers';

const LAPTOP = { id: '120d9286-0b40-4486-b9b2-313f795c737a', deviceId: '02c91c3d-4c06-42ae-9d48-827af2b9a018' };

let emulator: RunningEmulator;
let gateway: Gateway;
let dir: string;
let dsregcmd: string;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 0 });
  gateway = gatewayFor(emulator);
  dir = await mkdtemp(join(tmpdir(), 'evl-device-'));
  dsregcmd = join(dir, 'dsregcmd.txt');
  await writeFile(dsregcmd, ENTRA_JOINED.replace(/DeviceId : [0-9a-f-]+/, `DeviceId : ${LAPTOP.deviceId}`));
});
afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

async function clientOf(input: AnswersInput) {
  const snapshot = emptySnapshot('AzureCloud', DEMO.tenantId);
  await clientReadiness.discover({ gateway, answers: parseAnswers(input), snapshot, progress() {} });
  return snapshot.client;
}

describe('client device compliance', () => {
  it.each([
    [true, true],
    [false, false],
    [undefined, undefined],
  ])('Graph isCompliant %s → compliant %s', async (isCompliant, compliant) => {
    const device = [...emulator.state.devices.values()].find((d) => d.id === LAPTOP.id)!;
    device.isCompliant = isCompliant;
    const client = await clientOf({ dsregcmdFile: dsregcmd });
    expect(client?.deviceId).toBe(LAPTOP.deviceId);
    expect(client?.compliant).toBe(compliant);
  });

  it('--client-compliant wins, and Graph is not asked', async () => {
    emulator.log.reset();
    const client = await clientOf({ dsregcmdFile: dsregcmd, clientCompliant: 'no' });
    expect(client?.compliant).toBe(false);
    expect(emulator.log.requests()).toEqual([]);
  });
});
