import type { ActionResult } from '../../../src/apply/contract';
/** Steps 1–3 against the emulator through the real SDK clients: a gateway and a discovery driver. */
import { resolveCloud } from '../../../src/azure/clouds';
import { createCredentials } from '../../../src/azure/credentials';
import { createGateway } from '../../../src/azure/gateway';
import type { Gateway } from '../../../src/azure/operations';
import type { RunningEmulator } from '../../../src/emulator/index';
import type { Answers } from '../../../src/plan/answers';
import { emptySnapshot, type Snapshot } from '../../../src/plan/snapshot';
import type { Action, ActionDraft } from '../../../src/plan/types';
import identityExtension from '../../../steps/identity-extension';
import { stepDrafts } from '../../../steps/registry';
import roleAssignment from '../../../steps/role-assignment';
import type { DiscoverContext } from '../../../steps/shared/contract';
import { ensurePrincipals } from '../../../steps/shared/principals';
import vmSelection from '../../../steps/vm-selection';

export function gatewayFor(emulator: RunningEmulator): Gateway {
  const env = emulator.env();
  const cloud = resolveCloud('AzureCloud', env);
  const credentials = createCredentials({ cloud, env, interactive: 'none' });
  return createGateway({ cloud, credentials, env, pollIntervalMs: 5, debugWrite: () => {} });
}

/** Discovery in the documented phases: VM selection with principal resolution, then steps 2 and 3 together. */
export async function discoverSteps1to3(gateway: Gateway, answers: Answers): Promise<Snapshot> {
  const ctx: DiscoverContext = { gateway, answers, snapshot: emptySnapshot(gateway.cloud), progress() {} };
  await Promise.all([vmSelection.discover(ctx), ensurePrincipals(ctx)]);
  await Promise.all([identityExtension.discover(ctx), roleAssignment.discover(ctx)]);
  return ctx.snapshot;
}

export const STEPS_1_3 = [vmSelection, identityExtension, roleAssignment];

export function planSteps1to3(snapshot: Snapshot, answers: Answers): ActionDraft[] {
  return STEPS_1_3.flatMap((s) => stepDrafts(s, snapshot, answers));
}

/** Runs one draft's handler the way the executor would (no retries here: the emulator has no faults set). */
export async function runDraft(gateway: Gateway, draft: ActionDraft): Promise<ActionResult> {
  const step = STEPS_1_3.find((s) => s.id === draft.step)!;
  const action: Action = { ...draft, id: draft.key };
  return step.handlers[draft.kind]!(action, { gateway, signal: new AbortController().signal, progress() {} });
}
