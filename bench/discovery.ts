/**
 * §7 discovery and plan: `plan --json` for every VM of a generated fleet (all its resource groups, two groups of
 * principals) against the emulator in its own process, with 0 and 50 ms added to every request; 20,000 VMs (four
 * subscriptions) at 0 ms only. Requests are the emulator's top-level log entries (a `$batch` counts once; its
 * inner requests are noted). The memory figure that matters for a laptop or Cloud Shell is the peak RSS, and how
 * it grows per VM between 5,000 and 20,000 VMs.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fleetSubscriptions } from '../src/emulator/scenarios/fleet';
import type { BenchContext } from './context';
import { breakdown, median, type RequestBreakdown, readMarks, runTimed, startChildEmulator } from './proc';
import type { Figure } from './report';

export const FLEET_SIZES = [10, 100, 1000, 5000, 20000] as const;
const LATENCIES = [0, 50] as const;

/** Latencies measured per fleet size: the largest fleet only without added latency (it is the slow one). */
const latenciesFor = (vms: number): readonly number[] => (vms > 5000 ? [0] : LATENCIES);

/** Every resource group of a generated fleet (src/emulator/scenarios/fleet.ts): 4 per subscription. */
export const fleetResourceGroups = (vms: number): string[] =>
  fleetSubscriptions(vms).flatMap((_, s) => [1, 2, 3, 4].map((r) => `rg-fleet-${s + 1}-${r}`));

/** The resource groups of the fleets up to 10,000 VMs (two subscriptions). */
export const FLEET_RESOURCE_GROUPS = fleetResourceGroups(1000);

export const planArgs = (vms = 1000): string[] => [
  'plan',
  '--json',
  ...fleetResourceGroups(vms).flatMap((rg) => ['--resource-group', rg]),
  '--user',
  'fleet-vm-users',
  '--admin',
  'fleet-vm-admins',
];

/** Wall-time budgets in seconds: fleet size → latency → budget. */
const WALL_BUDGET: Record<number, Record<number, number>> = {
  1000: { 50: 1.0 },
  5000: { 0: 2.5, 50: 2.5 },
  20000: { 0: 8 },
};
const RSS_BUDGET_MB: Record<number, number> = { 5000: 200, 20000: 350 };
const BYTES_PER_VM_BUDGET_KB = 8;

interface PlanRun {
  ms: number;
  requests: number;
  split: RequestBreakdown;
  peakRssMb: number;
}

const describeSplit = (s: RequestBreakdown) =>
  `${s.constant} constant + ${s.furtherPages} further pages + ${s.batches} $batch ` +
  `(${s.lookups} lookups, ≤ 20 each: at least ${Math.ceil(s.lookups / 20)})`;

/**
 * What the added latency cost, against the part of it no client can hide: the pages of one listing, each
 * requested with the link the page before it returned.
 */
function latencyNote(split: RequestBreakdown, latency: number, wall: number, wallAtZero: number | undefined): string {
  const chain = `its longest listing is ${split.longestChain} pages in a row, ${((split.longestChain * latency) / 1000).toFixed(2)} s that cannot overlap`;
  if (wallAtZero === undefined) return chain;
  return `${latency} ms a request adds ${(wall - wallAtZero).toFixed(2)} s to the plan @0 ms; ${chain}`;
}

/** `runs` plans of a fleet against one emulator started with `emulatorArgs`; `label` names the marks files. */
async function measurePlans(
  ctx: BenchContext,
  vms: number,
  emulatorArgs: string[],
  runs: number,
  label: string,
): Promise<PlanRun[]> {
  const emulator = await startChildEmulator(ctx.root, ['--vms', String(vms), ...emulatorArgs]);
  const results: PlanRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const marks = join(ctx.outdir, `marks-plan-${label}-${i}.txt`);
      await rm(marks, { force: true });
      await emulator.resetLog();
      const run = await runTimed(process.execPath, [join(ctx.root, 'dist/cli.js'), ...planArgs(vms)], {
        ...emulator.env,
        ENTRA_VM_LOGIN_BENCH_MARKS: marks,
      });
      if (run.code !== 0) throw new Error(`plan for ${vms} VMs exited ${run.code}: ${run.stderr}`);
      const log = await emulator.requests();
      results.push({
        ms: run.ms,
        requests: log.length,
        split: breakdown(log),
        peakRssMb: ((await readMarks(marks))['peak-rss-kb'] ?? Number.NaN) / 1024,
      });
    }
  } finally {
    await emulator.close();
  }
  return results;
}

export async function benchDiscovery(
  ctx: BenchContext,
  runs: number,
  fleets: readonly number[] = FLEET_SIZES,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const peakAtZero = new Map<number, number>();
  const wallAtZero = new Map<number, number>();
  for (const vms of fleets) {
    // The largest fleet runs as often as the others: its peak moves by ±15 MB from run to run with when V8's
    // full collection falls, which is ±1 KB in the per-VM figure; the median of several runs is not that noise.
    const runsHere = runs;
    for (const latency of latenciesFor(vms)) {
      ctx.log(`plan: ${vms} VMs at ${latency} ms latency, ${runsHere} runs`);
      const results = await measurePlans(ctx, vms, ['--latency', String(latency)], runsHere, `${vms}-${latency}`);
      const section = `plan ${vms.toLocaleString('en-US')} VMs @${latency} ms`;
      const requests = median(results.map((r) => r.requests));
      // The split of the run whose count is the median (the counts of one fleet rarely differ).
      const split = (results.find((r) => r.requests === requests) ?? results[0]!).split;
      const peak = median(results.map((r) => r.peakRssMb));
      const wall = median(results.map((r) => r.ms)) / 1000;
      if (latency === 0) {
        peakAtZero.set(vms, peak);
        wallAtZero.set(vms, wall);
      }
      figures.push(
        {
          section,
          name: 'wall time',
          value: wall,
          unit: 's',
          budget: WALL_BUDGET[vms]?.[latency],
          runs: runsHere,
          note: latency > 0 ? latencyNote(split, latency, wall, wallAtZero.get(vms)) : undefined,
        },
        {
          section,
          name: 'requests',
          value: requests,
          unit: 'requests',
          budget: vms === 1000 ? 119 : undefined,
          runs: runsHere,
          note: describeSplit(split),
        },
        {
          section,
          name: 'peak RSS (the CLI alone)',
          value: peak,
          unit: 'MB',
          budget: latency === 0 ? RSS_BUDGET_MB[vms] : undefined,
          runs: runsHere,
        },
      );
    }
  }
  if (fleets.includes(5000)) {
    // A messier tenant of the same size: the user group holds VM User Login on each VM, one assignment per VM,
    // as where access is granted machine by machine. Every role check must match thousands of assignments.
    ctx.log(`plan: 5000 VMs with a grant per VM, ${runs} runs`);
    const results = await measurePlans(ctx, 5000, ['--grants-per-vm'], runs, '5000-grants');
    const section = 'plan 5,000 VMs @0 ms, a grant per VM';
    figures.push(
      { section, name: 'wall time', value: median(results.map((r) => r.ms)) / 1000, unit: 's', runs },
      {
        section,
        name: 'requests',
        value: median(results.map((r) => r.requests)),
        unit: 'requests',
        runs,
        note: describeSplit(results[0]!.split),
      },
      { section, name: 'peak RSS (the CLI alone)', value: median(results.map((r) => r.peakRssMb)), unit: 'MB', runs },
    );
  }
  const small = peakAtZero.get(5000);
  const large = peakAtZero.get(20000);
  if (small !== undefined && large !== undefined) {
    figures.push({
      section: 'plan 5,000 → 20,000 VMs @0 ms',
      name: 'peak RSS per VM',
      value: ((large - small) * 1024) / 15000,
      unit: 'KB',
      budget: BYTES_PER_VM_BUDGET_KB,
      runs,
      note: `(${large.toFixed(0)} MB − ${small.toFixed(0)} MB) / 15,000 VMs`,
    });
  }
  return figures;
}
