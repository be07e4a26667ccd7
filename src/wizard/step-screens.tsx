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
  /** Rows left for a list once a screen's fixed lines (`chrome`) are drawn. */
  listHeight: (chrome: number) => number;
  width: number;
}

type StepScreen = (props: StepScreenProps, c: StepScreenContext) => ReactNode;

export const STEP_SCREENS: Partial<Record<StepId, StepScreen>> = {
  'vm-selection': (props, c) => <VmSelection {...props} height={c.listHeight(23)} />,
  'role-assignment': (props, c) => <Roles {...props} width={c.width} onLookup={(t) => c.services.lookupPrincipal(t)} />,
};

/** The screen for a step: its own layout, or the generic one drawn from its view model. */
export const GENERIC_STEP_SCREEN: StepScreen = (props, c) => (
  <StepViewScreen {...props} width={c.width} height={c.listHeight(16)} />
);
