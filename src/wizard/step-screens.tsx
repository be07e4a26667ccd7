/**
 * The step screens that have their own layout, by step id. A step missing here is drawn by the generic
 * `StepViewScreen` from its view model, so a new step needs no entry to appear in the wizard.
 */
import type { ReactNode } from 'react';
import {
  ClientReadiness,
  ConditionalAccess,
  IdentityExtension,
  Roles,
  ServicePrincipal,
  VmSelection,
} from '../../screens';
import type { StepScreenProps } from '../../screens/types';
import type { FindingLike, WizardServices } from '../machine/services';
import type { Snapshot, VmFacts } from '../plan/snapshot';
import type { StepId } from '../plan/types';

export interface StepScreenContext {
  snapshot: Snapshot | undefined;
  chosenVms: VmFacts[];
  /** Findings about every VM of the inventory, for the selection screen. */
  inventoryFindings: readonly FindingLike[];
  services: WizardServices;
  listHeight: (chrome: number) => number;
  /** The step's position in the wizard, from 1. */
  step: number;
}

type StepScreen = (props: StepScreenProps, c: StepScreenContext) => ReactNode;

export const STEP_SCREENS: Partial<Record<StepId, StepScreen>> = {
  'vm-selection': (props, c) => (
    <VmSelection {...props} findings={c.inventoryFindings} vms={c.snapshot?.vms ?? []} height={c.listHeight(23)} />
  ),
  'identity-extension': (props, c) => <IdentityExtension {...props} vms={c.chosenVms} />,
  'role-assignment': (props, c) => (
    <Roles {...props} bastions={c.snapshot?.bastions ?? []} onLookup={(t) => c.services.lookupPrincipal(t)} />
  ),
  'service-principal': (props, c) => (
    <ServicePrincipal {...props} servicePrincipals={c.snapshot?.servicePrincipals ?? {}} />
  ),
  'conditional-access': (props, c) => (
    <ConditionalAccess
      {...props}
      policies={c.snapshot?.caPolicies ?? []}
      securityDefaultsEnabled={c.snapshot?.securityDefaultsEnabled ?? false}
      licenceP1={c.snapshot?.licenceP1 ?? false}
      osTypes={[...new Set(c.chosenVms.map((v) => v.osType))]}
    />
  ),
  'client-readiness': (props, c) => (
    <ClientReadiness {...props} principals={c.snapshot?.principals ?? {}} authMethods={c.snapshot?.authMethods ?? {}} />
  ),
};
