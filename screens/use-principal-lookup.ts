/**
 * Looking a typed name up among the tenant's users and groups: a whole UPN, group name or object id adds at
 * once; a partial one lists the matches to pick from; no match or a failed lookup says so. Only the latest
 * lookup's answer is shown: an answer that arrives after a newer lookup started, or after the text changed, is
 * dropped, so "no match" never sits beside matches for other text.
 */
import { useRef, useState } from 'react';
import type { PrincipalFacts } from '../src/plan/snapshot';
import type { FormRow } from './use-form';

export const principalName = (p: PrincipalFacts) => p.userPrincipalName ?? p.displayName;

/** "Pat Lee (Fabrikam) · pat_fabrikam.com#EXT#@contoso.onmicrosoft.com": what tells matches apart. */
export const principalLabel = (p: PrincipalFacts) =>
  p.userPrincipalName && p.userPrincipalName !== p.displayName
    ? `${p.displayName} · ${p.userPrincipalName}`
    : p.displayName;

export function usePrincipalLookup(onLookup: (text: string) => Promise<PrincipalFacts[]>, add: (ref: string) => void) {
  const [matches, setMatches] = useState<PrincipalFacts[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [looking, setLooking] = useState(false);
  // The number of the latest lookup: answers to earlier ones are stale.
  const latest = useRef(0);
  const lookup = (text: string) => {
    const t = text.trim();
    if (!t) return;
    const mine = ++latest.current;
    setError(undefined);
    setMatches(undefined);
    setLooking(true);
    onLookup(t).then(
      (found) => {
        if (mine !== latest.current) return;
        setLooking(false);
        const only = found.length === 1 ? found[0]! : undefined;
        if (only && [principalName(only), only.id].some((x) => x.toLowerCase() === t.toLowerCase())) {
          add(principalName(only));
        } else if (found.length) setMatches(found);
        else setError(`No user or group matches “${t}”: check the spelling or paste an object id.`);
      },
      (e: unknown) => {
        if (mine !== latest.current) return;
        setLooking(false);
        setError(`Looking up “${t}” fails: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };
  /** Forgets the last answer (the text changed, or a match was added): a later answer to it is dropped too. */
  const clear = () => {
    latest.current++;
    setMatches(undefined);
    setError(undefined);
    setLooking(false);
  };
  return { matches, error, looking, lookup, clear };
}

/** The matches of a lookup as form rows under the text field: enter on one adds it. */
export function matchRows(
  found: ReturnType<typeof usePrincipalLookup>,
  add: (ref: string) => void,
  shown = 5,
): FormRow[] {
  return (found.matches ?? []).slice(0, shown).map(
    (m): FormRow => ({
      id: `m:${m.id}`,
      kind: 'action',
      label: `  ${m.kind === 'group' ? 'group' : m.userType === 'Guest' ? 'guest' : 'user'}`,
      value: principalLabel(m),
      onSubmit: () => add(principalName(m)),
    }),
  );
}

/** The lines under a looked-up field: looking, the failure or no match, how to pick a match. */
export function lookupNotes(
  found: ReturnType<typeof usePrincipalLookup>,
  shown = 5,
): { text: string; warn?: boolean }[] {
  const n = found.matches?.length ?? 0;
  return [
    ...(found.looking ? [{ text: 'Looking up…' }] : []),
    ...(found.error ? [{ text: `▲ ${found.error}`, warn: true }] : []),
    ...(n
      ? [
          {
            text: `↓ to pick a match, enter to add it${n > shown ? ` (${n - shown} more: type more of the name)` : ''}`,
          },
        ]
      : []),
  ];
}
