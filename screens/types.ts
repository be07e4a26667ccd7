import type { ConnectInfo, FindingLike } from '../src/machine/services';
import type { AnswersInput } from '../src/plan/answers';

/** What every step screen gets: data in, `on*` callbacks out (CONVENTIONS 10). */
export interface StepScreenProps {
  connection?: ConnectInfo;
  answers: AnswersInput;
  /** This step's findings for the current answers. */
  findings: readonly FindingLike[];
  /** Why the last `next` did not move on. */
  notice?: string;
  onAnswer: (patch: Partial<AnswersInput>) => void;
  onNext: () => void;
  onBack: () => void;
  onQuit: () => void;
}
