import { useCallback, useRef, useState } from 'react';
import type { Effect, Transition, WizardEvent, WizardState } from '../machine/state';
import { transition } from '../machine/transition';

/**
 * Holds the machine's state for React. `dispatch` applies the pure transition synchronously (so that two
 * events in one tick see each other's result) and hands the effects to `run`.
 */
export function useMachine(initial: () => Transition, run: (effect: Effect) => void) {
  const first = useRef<Transition | undefined>(undefined);
  if (!first.current) first.current = initial();
  const ref = useRef<WizardState>(first.current.state);
  const [state, setState] = useState<WizardState>(first.current.state);
  const runRef = useRef(run);
  runRef.current = run;
  const dispatch = useCallback((event: WizardEvent) => {
    const out = transition(ref.current, event);
    if (out.state !== ref.current) {
      ref.current = out.state;
      setState(out.state);
    }
    for (const effect of out.effects) runRef.current(effect);
  }, []);
  return { state, dispatch, initialEffects: first.current.effects };
}
