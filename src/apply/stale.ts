/**
 * Stale-plan detection: the plan records a fingerprint per resource it depends on; before
 * the first write, apply re-discovers and compares. Pure.
 */
/** One resource that moved since planning; `after` is null when the resource no longer exists. */
export interface StaleChange {
  resourceId: string;
  before: string;
  after: string | null;
}

/**
 * Compares the planned fingerprint with a fresh one. Only resources in `planned` count (new resources are
 * not the plan's business); ids match case-insensitively, as ARM ids do; a planned resource missing from
 * `current` is a change. Order follows `planned`.
 */
export function diffFingerprints(planned: Record<string, string>, current: Record<string, string>): StaleChange[] {
  const now = new Map(Object.entries(current).map(([id, v]) => [id.toLowerCase(), v] as const));
  const changes: StaleChange[] = [];
  for (const [resourceId, before] of Object.entries(planned)) {
    const after = now.get(resourceId.toLowerCase()) ?? null;
    if (after !== before) changes.push({ resourceId, before, after });
  }
  return changes;
}

/**
 * Drops changes to what our own earlier writes moved: a resource that is the target of one of `targets`, a
 * facet or child of it (`<target>#roleAssignments`, `<target>/authentication/requirements`), or a collection
 * the target belongs to (writing policy `…/policies/{id}` moves the fingerprint of `…/policies`).
 */
export function withoutOwnWrites(changes: StaleChange[], targets: Iterable<string>): StaleChange[] {
  // Looked up, not compared one by one: a resumed fleet apply has thousands of both.
  const ours = new Set<string>();
  /** Every `/`-bounded parent of a target: a change to one of those is to a collection the target belongs to. */
  const collections = new Set<string>();
  for (const target of targets) {
    const t = target.toLowerCase();
    ours.add(t);
    for (let i = t.indexOf('/', 1); i !== -1; i = t.indexOf('/', i + 1)) collections.add(t.slice(0, i));
  }
  const moved = (id: string) => {
    const key = id.toLowerCase();
    if (ours.has(key) || collections.has(key)) return true;
    // A facet of a target: `<target>#…`.
    for (let i = key.indexOf('#'); i !== -1; i = key.indexOf('#', i + 1)) if (ours.has(key.slice(0, i))) return true;
    // A child of a target: the target is one of the key's own `/`-bounded parents.
    for (let i = key.indexOf('/', 1); i !== -1; i = key.indexOf('/', i + 1)) if (ours.has(key.slice(0, i))) return true;
    return false;
  };
  return changes.filter((c) => !moved(c.resourceId));
}
