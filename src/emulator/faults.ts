/**
 * Fault injection. A FaultSpec is a comma-separated list of rules:
 *
 *   rule   := kind "=" rate { ":" option } [ "@" [ METHOD ":" ] pathPart ]
 *   kind   := "401" | "403" | "404" | "429" | "500" | "502" | "503" | "504" | "drop" | "hang" | "latency"
 *   option := "retry-after=" seconds      (429 and 503; default 1 for 429)
 *           | "retry-after-ms=" ms        (also send `retry-after-ms`, honoured by the Azure SDK pipeline)
 *           | "times=" n                  (the rule fires at most n times, then never again)
 *
 * `rate` is a probability in [0, 1] drawn from the seeded PRNG (1 = every matching request). For `latency` the
 * value is milliseconds added to every matching request instead. `@…` scopes a rule: `pathPart` is matched
 * case-insensitively as a substring of the request path, `METHOD` (GET, PUT, …) must match when given.
 *
 * Examples: `429=0.1:retry-after=1,503=0.05,drop=0.02,latency=50`;
 *           `429=1:times=1@PUT:/roleAssignments/` (the first role assignment PUT is throttled once).
 *
 * `401`, `403` and `404` answer with the bodies ARM and Graph send for an expired token, a missing role or
 * permission, and a resource that is gone; `hang` accepts the request and never answers (until the client gives
 * up or the emulator closes), which is what a stuck proxy or an overloaded regional front end looks like.
 * Examples of the refusals: `403=1@GET:/virtualNetworks/`, `hang=1@PUT:/extensions/`, `401=1:times=1@PUT:/roleAssignments/`.
 *
 * Inner `$batch` requests are checked one by one against the same rules (with their own method and path), so
 * a 200 batch response can carry an inner 429. The first rule that fires wins; latency rules always add up.
 */
import type { Prng } from './prng';

export type FaultKind = '401' | '403' | '404' | '429' | '500' | '502' | '503' | '504' | 'drop' | 'hang' | 'latency';

export interface FaultRule {
  kind: FaultKind;
  /** Probability, or milliseconds for `latency`. */
  value: number;
  retryAfterSeconds?: number;
  retryAfterMs?: number;
  times?: number;
  method?: string;
  pathPart?: string;
  /** How many times the rule fired so far. */
  fired: number;
}

export type FaultDecision =
  | { type: 'none' }
  | { type: 'drop' }
  | { type: 'hang' }
  | { type: 'status'; status: number; headers: Record<string, string> };

const KINDS: readonly FaultKind[] = ['401', '403', '404', '429', '500', '502', '503', '504', 'drop', 'hang', 'latency'];

/** A FaultSpec that cannot be parsed: the message names the bad rule and what would be valid. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

/** Parses a FaultSpec; throws a FaultSpecError naming the bad rule. An empty spec means no faults. */
export function parseFaults(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const raw of spec.split(',')) {
    const text = raw.trim();
    if (text === '') continue;
    const at = text.indexOf('@');
    const head = at === -1 ? text : text.slice(0, at);
    const scope = at === -1 ? undefined : text.slice(at + 1);
    const [kindValue, ...options] = head.split(':');
    const [kind, valueText] = (kindValue ?? '').split('=');
    if (!KINDS.includes(kind as FaultKind)) {
      throw new FaultSpecError(`Unknown fault kind '${kind}' in '${text}': use one of ${KINDS.join(', ')}.`);
    }
    const value = Number(valueText);
    if (valueText === undefined || Number.isNaN(value) || value < 0 || (kind !== 'latency' && value > 1)) {
      throw new FaultSpecError(`Bad fault value in '${text}': a rate in [0, 1] (milliseconds for latency).`);
    }
    const rule: FaultRule = { kind: kind as FaultKind, value, fired: 0 };
    for (const option of options) {
      const [name, optionValue] = option.split('=');
      const n = Number(optionValue);
      if (optionValue === undefined || Number.isNaN(n) || n < 0)
        throw new FaultSpecError(`Bad fault option '${option}' in '${text}'.`);
      if (name === 'retry-after') rule.retryAfterSeconds = n;
      else if (name === 'retry-after-ms') rule.retryAfterMs = n;
      else if (name === 'times') rule.times = n;
      else throw new FaultSpecError(`Unknown fault option '${name}' in '${text}'.`);
    }
    if (scope !== undefined) {
      const m = /^([A-Za-z]+):(.*)$/.exec(scope);
      if (m && !m[2]!.startsWith('/'))
        throw new FaultSpecError(`Bad fault scope '${scope}': a path part starts with '/'.`);
      if (m) {
        rule.method = m[1]!.toUpperCase();
        rule.pathPart = m[2]!.toLowerCase();
      } else {
        rule.pathPart = scope.toLowerCase();
      }
    }
    rules.push(rule);
  }
  return rules;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.times !== undefined && rule.fired >= rule.times) return false;
  if (rule.method !== undefined && rule.method !== method.toUpperCase()) return false;
  if (rule.pathPart !== undefined && !path.toLowerCase().includes(rule.pathPart)) return false;
  return true;
}

/** The live fault set of one emulator: rules can be replaced at runtime, the PRNG stream continues. */
export class Faults {
  private rules: FaultRule[] = [];

  constructor(
    private readonly prng: Prng,
    spec = '',
  ) {
    this.set(spec);
  }

  set(spec: string): void {
    this.rules = parseFaults(spec);
  }

  /** Extra milliseconds for this request from latency rules. */
  latencyFor(method: string, path: string): number {
    let ms = 0;
    for (const rule of this.rules) {
      if (rule.kind === 'latency' && matches(rule, method, path)) {
        ms += rule.value;
        rule.fired++;
      }
    }
    return ms;
  }

  /** Draws the fault (if any) for one request. `allowDrop` is false for inner batch requests. */
  decide(method: string, path: string, allowDrop = true): FaultDecision {
    for (const rule of this.rules) {
      if (rule.kind === 'latency' || !matches(rule, method, path)) continue;
      if (rule.kind === 'drop' && !allowDrop) continue;
      if (rule.value < 1 && this.prng.next() >= rule.value) continue;
      rule.fired++;
      if (rule.kind === 'drop') return { type: 'drop' };
      if (rule.kind === 'hang') return { type: 'hang' };
      const status = Number(rule.kind);
      const headers: Record<string, string> = {};
      const seconds = rule.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
      if (seconds !== undefined) headers['Retry-After'] = String(seconds);
      if (rule.retryAfterMs !== undefined) headers['retry-after-ms'] = String(rule.retryAfterMs);
      return { type: 'status', status, headers };
    }
    return { type: 'none' };
  }
}
