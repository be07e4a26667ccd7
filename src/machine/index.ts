export type * from './services';
export type * from './state';
export {
  applyProgress,
  EXIT,
  inventoryAnswers,
  isStepState,
  NOTICES,
  start,
  stepBlocker,
  transition,
} from './transition';
