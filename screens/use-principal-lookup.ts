/**
 * Looking a typed name up among the tenant's users and groups: a whole UPN, group name or object id adds at
 * once; a partial one lists the matches to pick from; no match or a failed lookup says so.
 */
import { useState } from 'react';
import type { PrincipalFacts } from '../src/plan/snapshot';

export const principalName = (p: PrincipalFacts) => p.userPrincipalName ?? p.displayName;

export function usePrincipalLookup(onLookup: (text: string) => Promise<PrincipalFacts[]>, add: (ref: string) => void) {
  const [matches, setMatches] = useState<PrincipalFacts[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [looking, setLooking] = useState(false);
  const lookup = (text: string) => {
    const t = text.trim();
    if (!t) return;
    setError(undefined);
    setLooking(true);
    onLookup(t).then(
      (found) => {
        setLooking(false);
        const only = found.length === 1 ? found[0]! : undefined;
        if (only && [principalName(only), only.id].some((x) => x.toLowerCase() === t.toLowerCase())) {
          add(principalName(only));
        } else if (found.length) setMatches(found);
        else setError(`No user or group matches “${t}”: check the spelling or paste an object id.`);
      },
      (e: unknown) => {
        setLooking(false);
        setError(`Looking up “${t}” fails: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };
  return { matches, error, looking, lookup, clear: () => setMatches(undefined) };
}
