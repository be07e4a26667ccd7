/**
 * One keyboard hook for every screen: named keys in, callbacks out. `j`/`k` mirror ↓/↑, `?` toggles the help
 * list and `q` quits, except while a text field has focus, when printable keys are typed into it instead.
 */
import { type Key, useInput } from 'ink';
import { createContext, createElement, type ReactNode, useContext, useLayoutEffect, useRef, useState } from 'react';

export interface Binding {
  /** Named keys: up, down, left, right, enter, esc, space, tab, backspace, pageup, pagedown, home, end, ctrl-c, or a character. */
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
  if (key.home) return 'home';
  if (key.end) return 'end';
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

/** Named keys that never type into a text field. */
const NAMED = ['up', 'down', 'left', 'right', 'enter', 'esc', 'tab', 'shift-tab', 'pageup', 'pagedown', 'home', 'end'];

/** The `?` help panel: whether it is open and how far it is scrolled. */
export interface HelpState {
  open: boolean;
  /** The first help line shown. */
  top: number;
}

const HELP_KEYS: Record<string, (t: number) => number> = { up: (t) => t - 1, down: (t) => t + 1, home: () => 0 };
HELP_KEYS.pageup = (t) => t - 10;
HELP_KEYS.pagedown = (t) => t + 10;

/**
 * Routes keys to bindings. With `text`, printable input (and space, backspace) edits the field and only named
 * keys reach the bindings. While the `?` help panel is open it takes the keys: arrows scroll it, esc or `?`
 * close it.
 */
export function useKeys(
  bindings: Binding[],
  options: { text?: TextInput; active?: boolean } = {},
): { help: HelpState } {
  const [help, setHelp] = useState<HelpState>({ open: false, top: 0 });
  // Handlers read the latest bindings without re-subscribing on every render.
  const latest = useRef({ bindings, text: options.text });
  latest.current = { bindings, text: options.text };
  // Several keys can arrive in one chunk of input (a held backspace, fast typing) and reach this handler before
  // the screen renders the first change: each edit starts from the previous edit, not from the stale value.
  // A render brings the field's real value back, so the pending edit is dropped then.
  const edited = useRef<string | undefined>(undefined);
  edited.current = undefined;
  const handler = useRef<Handler>(() => {});
  handler.current = (input, key) => {
    const { bindings: current, text } = latest.current;
    let name = keyName(input, key);
    if (text && !key.ctrl && !key.meta) {
      const value = edited.current ?? text.value;
      const edit = (next: string) => {
        edited.current = next;
        text.onChange(next);
      };
      if (name === 'backspace') return edit(value.slice(0, -1));
      if (name === 'space') return edit(`${value} `);
      if (name.length >= 1 && !NAMED.includes(name)) return edit(value + name);
    } else {
      // Characters typed faster than the screen reads them arrive as one string ("gq"): each is its own key.
      const chars = [...name];
      if (
        chars.length > 1 &&
        !key.ctrl &&
        !key.meta &&
        !NAMED.includes(name) &&
        name !== 'ctrl-c' &&
        name !== 'space' &&
        name !== 'backspace'
      ) {
        for (const c of chars) handler.current(c, { ...key, shift: /[A-Z]/.test(c) });
        return;
      }
      if (name === '?') return setHelp((h) => ({ open: !h.open, top: 0 }));
      name = ALIASES[name] ?? name;
    }
    if (help.open) {
      if (name === 'esc') return setHelp({ open: false, top: 0 });
      const scroll = HELP_KEYS[name];
      if (scroll) return setHelp((h) => ({ open: true, top: Math.max(0, scroll(h.top)) }));
      if (name !== 'ctrl-c' && name !== 'q') return;
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
