import type { ConnectInfo, FindingLike } from '../src/machine/services';
import type { Answers, AnswersInput } from '../src/plan/answers';
import type { StepView } from '../steps/shared/contract';

/**
 * What every step screen gets: data in, `on*` callbacks out, so that a screen holds no state the wizard needs
 * and can be rendered alone in a test.
 */
export interface StepScreenProps {
  connection?: ConnectInfo;
  /** The step's title, from the registry. */
  title: string;
  /** The step's position in the wizard, from 1, from the registry. */
  step: number;
  /** The answers with every default filled in (the answers schema is the one place defaults are decided). */
  answers: Answers;
  /** The step's view model for the current answers: what the screen shows. */
  view: StepView;
  /** This step's findings for the current answers. */
  findings: readonly FindingLike[];
  /** Why the last `next` did not move on. */
  notice?: string;
  onAnswer: (patch: Partial<AnswersInput>) => void;
  onNext: () => void;
  onBack: () => void;
  onQuit: () => void;
}
