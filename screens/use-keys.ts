/**
 * One keyboard hook for every screen: named keys in, callbacks out. `j`/`k` mirror ↓/↑, `?` toggles the help
 * list and `q` quits, except while a text field has focus, when printable keys are typed into it instead.
 */
import { type Key, useInput } from 'ink';
import { createContext, createElement, type ReactNode, useContext, useLayoutEffect, useRef, useState } from 'react';

export interface Binding {
  /** Named keys: up, down, left, right, enter, esc, space, tab, backspace, pageup, pagedown, ctrl-c, or a character. */
  keys: string[];
  /** Shown in the footer and the `?` list; bindings without a label still work. */
  label?: string;
  run: () => void;
}

export interface TextInput {
  value: string;
  onChange: (value: string) => void;
}

export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (input === ' ') return 'space';
  return input;
}

const ALIASES: Record<string, string> = { j: 'down', k: 'up' };

type Handler = (input: string, key: Key) => void;

/** The handlers of the mounted screens, in mount order. */
const KeyRouter = createContext<Set<{ current: Handler }> | undefined>(undefined);

/**
 * One keyboard listener for the whole app. Ink's `useInput` subscribes in a passive effect, after the new
 * screen's frame is already on the terminal: a key typed in that gap (a fast typist, a paste, a test driving a
 * real terminal) reached no screen and was lost. Screens under this provider register in a layout effect,
 * in the same commit that replaces the old screen, so there is no gap.
 */
export function KeysProvider({ children }: { children: ReactNode }) {
  const handlers = useRef(new Set<{ current: Handler }>()).current;
  useInput((input, key) => {
    for (const h of [...handlers]) h.current(input, key);
  });
  return createElement(KeyRouter.Provider, { value: handlers }, children);
}

/**
 * Routes keys to bindings. With `text`, printable input (and space, backspace) edits the field and only named
 * keys reach the bindings. Returns whether the `?` help list is open.
 */
export function useKeys(bindings: Binding[], options: { text?: TextInput; active?: boolean } = {}): { help: boolean } {
  const [help, setHelp] = useState(false);
  // Handlers read the latest bindings without re-subscribing on every render.
  const latest = useRef({ bindings, text: options.text });
  latest.current = { bindings, text: options.text };
  const handler = useRef<Handler>(() => {});
  handler.current = (input, key) => {
    const { bindings: current, text } = latest.current;
    let name = keyName(input, key);
    if (text && !key.ctrl && !key.meta) {
      if (name === 'backspace') return text.onChange(text.value.slice(0, -1));
      if (name === 'space') return text.onChange(`${text.value} `);
      if (
        name.length >= 1 &&
        !['up', 'down', 'left', 'right', 'enter', 'esc', 'tab', 'shift-tab', 'pageup', 'pagedown'].includes(name)
      ) {
        return text.onChange(text.value + name);
      }
    } else {
      if (name === '?') return setHelp((h) => !h);
      name = ALIASES[name] ?? name;
    }
    // Ctrl-C means quit wherever a screen does not give it its own meaning.
    const binding =
      current.find((b) => b.keys.includes(name)) ??
      (name === 'ctrl-c' ? current.find((b) => b.keys.includes('q')) : undefined);
    binding?.run();
  };
  const router = useContext(KeyRouter);
  const active = options.active ?? true;
  useLayoutEffect(() => {
    if (!router || !active) return;
    router.add(handler);
    return () => {
      router.delete(handler);
    };
  }, [router, active]);
  // Screens rendered on their own (tests, the doctor view) listen directly.
  useInput((input, key) => handler.current(input, key), { isActive: !router && active });
  return { help };
}
