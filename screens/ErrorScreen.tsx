import type { ConnectInfo } from '../src/machine/services';
import type { WizardError } from '../src/machine/state';
import { type Binding, useKeys } from './use-keys';
import { Banner } from './widgets/Banner';
import { Frame } from './widgets/Frame';

export interface ErrorScreenProps {
  connection?: ConnectInfo;
  error: WizardError;
  onRetry: () => void;
  /** Back to the answers, when what failed depends on them (planning). */
  onBack?: () => void;
  onQuit: () => void;
}

/** A failed effect: what happened, what to try, and Retry (re-runs exactly what failed). */
export function ErrorScreen(p: ErrorScreenProps) {
  const bindings: Binding[] = [
    { keys: ['r', 'enter'], label: 'retry', run: p.onRetry },
    p.onBack ? { keys: ['esc'], label: 'back to the answers', run: p.onBack } : { keys: ['esc'], run: p.onQuit },
  ];
  const { help } = useKeys(bindings);
  return (
    <Frame title="Something went wrong" connection={p.connection} bindings={bindings} help={help}>
      <Banner kind="error" text={p.error.message} hint={p.error.hint ?? 'Retry, or quit and run the command again.'} />
    </Frame>
  );
}
