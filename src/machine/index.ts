export type * from './services';
export type * from './state';
export {
  applyProgress,
  canEnforceAfter,
  discoveryAnswers,
  doctorBlocker,
  EXIT,
  effectiveAnswers,
  inventoryAnswers,
  isStepState,
  NOTICES,
  selectedVms,
  start,
  stepBlocker,
  transition,
} from './transition';
