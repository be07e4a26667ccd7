/**
 * The step screens that have their own layout, by step id. A step missing here is drawn by the generic
 * `StepViewScreen` from its view model, so a new step needs no entry to appear in the wizard.
 */
import type { ReactNode } from 'react';
import { Roles, StepViewScreen, VmSelection } from '../../screens';
import type { StepScreenProps } from '../../screens/types';
import type { WizardServices } from '../machine/services';
import type { StepId } from '../plan/types';

export interface StepScreenContext {
  services: WizardServices;
  /** Rows of a step's list; without it the list fills what the terminal leaves (tests fix it). */
  listHeight?: number;
  width: number;
}

type StepScreen = (props: StepScreenProps, c: StepScreenContext) => ReactNode;

export const STEP_SCREENS: Partial<Record<StepId, StepScreen>> = {
  'vm-selection': (props, c) => <VmSelection {...props} height={c.listHeight} />,
  'role-assignment': (props, c) => <Roles {...props} width={c.width} onLookup={(t) => c.services.lookupPrincipal(t)} />,
};

/** The screen for a step: its own layout, or the generic one drawn from its view model. */
export const GENERIC_STEP_SCREEN: StepScreen = (props, c) => (
  <StepViewScreen {...props} width={c.width} height={c.listHeight} onLookup={(t) => c.services.lookupPrincipal(t)} />
);
