/**
 * Scenario loading by name: `demo`, `clean`, `fleet` (with a VM count), `partial`, and one `why-no-mfa-<cause>`
 * tenant per known reason a signed-in user is not prompted for MFA.
 */
import type { TenantState } from '../state';
import { buildState } from './build';
import { cleanScenario } from './clean';
import { demoScenario } from './demo';
import { type FleetOptions, fleetScenario } from './fleet';
import { hostileScenario } from './hostile';
import { SCENARIO_NAMES, WHY_NO_MFA_CAUSES, type WhyNoMfaCause } from './names';
import { partialScenario } from './partial';
import { type ScenarioInput, scenarioSchema } from './schema';
import { whyNoMfaScenario } from './why-no-mfa';

export { SCENARIO_NAMES, WHY_NO_MFA_SCENARIOS } from './names';

/** Default fleet size when `fleet` is asked for without a VM count. */
export const DEFAULT_FLEET_VMS = 1000;

export function scenarioInput(name: string, vms?: number, seed = 1, fleet: FleetOptions = {}): ScenarioInput {
  if (vms !== undefined && (!Number.isInteger(vms) || vms < 0)) {
    throw new Error(`The VM count must be a whole number, not '${vms}'.`);
  }
  switch (name) {
    case 'demo':
      return demoScenario;
    case 'clean':
      return cleanScenario;
    case 'fleet':
      return fleetScenario(vms ?? DEFAULT_FLEET_VMS, seed, fleet);
    case 'partial':
      return partialScenario;
    case 'hostile':
      return hostileScenario;
    default:
      if (name.startsWith('why-no-mfa-') && (WHY_NO_MFA_CAUSES as readonly string[]).includes(name.slice(11)))
        return whyNoMfaScenario(name.slice(11) as WhyNoMfaCause);
      throw new Error(`Unknown scenario '${name}': use one of ${SCENARIO_NAMES.join(', ')}.`);
  }
}

/** Validates the named scenario and builds its state. A VM count without a name means a fleet. */
export function loadScenario(
  name: string | undefined,
  vms?: number,
  seed = 1,
  now = Date.now(),
  fleet: FleetOptions = {},
): TenantState {
  const input = scenarioInput(name ?? (vms !== undefined ? 'fleet' : 'demo'), vms, seed, fleet);
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Scenario '${input.name}' is invalid at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return buildState(parsed.data, seed, now);
}

export { buildState } from './build';
export type { Scenario, ScenarioInput } from './schema';
export { scenarioSchema } from './schema';
export { WHY_NO_MFA, WHY_NO_MFA_CAUSES, type WhyNoMfaCause } from './why-no-mfa';
