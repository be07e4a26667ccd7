/**
 * Full garbage collections at the two ends of discovery, so that neither discovery nor planning grows the heap
 * on top of garbage that only a full collection would free.
 *
 * - **Before discovery** (the wizard's only): loading the Azure SDKs (several MB of JavaScript) leaves its parse
 *   and compile garbage in the old generation. The wizard's peak comes during its first discovery, and one
 *   collection here lowered its peak RSS on the demo tenant from 115–117 MB to 108–110 MB (`npm run bench`).
 *   A batch command's peak comes after planning, by when V8 has collected that garbage on its own.
 * - **After discovery:** discovery turns every page of an SDK listing (a hundred VM models of a few kilobytes
 *   each) into compact facts. Many pages are in flight at once, so the young generation's collections find
 *   them still in use and promote them to the old generation, where they stay until V8 next decides on a full
 *   collection. On a 20,000-VM plan one collection here lowered the peak RSS from about 327 MB to 280 MB
 *   (5,000 VMs: 185 to 179 MB) for 20–60 ms. On 1,000 VMs the peak was the same without it, so a batch
 *   command collects here only from FLEET_COLLECTIONS_FROM_VMS (workflows/discover.ts); the wizard always.
 * - **After planning** (`plan`, from PLAN_COLLECTION_FROM_VMS): assessing and assembling leave the steps' facts and
 *   drafts behind in the old generation, and printing the plan then allocates on top of them. On 20,000 VMs
 *   one collection here lowered the peak RSS from a median of 312 MB to 271 MB (five runs each), for 50–60 ms.
 *
 * The wizard's collections also give back what the young generation grew to (`thorough`). V8 grows the young
 * generation while the SDKs load and discovery runs, up to 16 MB a semispace, and keeps it; drawing the VM list
 * then fills its pages again, which is where the wizard's peak came (on the demo tenant, side by side: 113–114 MB,
 * and 103.5–104 MB with this). A thorough collection is V8's own "last resort" one: it collects until nothing
 * more is freed and shrinks the young generation to its starting size.
 *
 * Node exposes `gc()` only behind a start-up flag, which a CLI started through its `bin` shim cannot pass.
 * Setting `--expose-gc` at run time affects only contexts created afterwards, so a fresh context hands over
 * its `gc`; no other V8 setting changes. Where a runtime offers no such function this is a no-op: the hint
 * lowers the peak, and nothing depends on it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mark } from '../marks';

type Collect = (options?: { type: 'major'; execution: 'sync'; flavor: 'regular' | 'last-resort' }) => void;

let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    collect = typeof fn === 'function' ? (fn as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/**
 * Collects the garbage left before `moment`, `thorough`ly for the wizard (see above); its time is a bench mark
 * (`gc-before-discovery-ms`, …).
 */
export function collectGarbage(
  moment: 'before-discovery' | 'after-discovery' | 'after-planning',
  thorough = false,
): void {
  const gc = collector();
  if (!gc) return;
  const started = performance.now();
  gc({ type: 'major', execution: 'sync', flavor: thorough ? 'last-resort' : 'regular' });
  mark(`gc-${moment}-ms`, performance.now() - started);
}
