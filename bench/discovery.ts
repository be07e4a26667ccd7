/**
 * §7 discovery and plan: `plan --json` for every VM of a generated fleet (all eight resource groups, two
 * groups of principals) against the emulator in its own process, with 0 and 50 ms added to every request.
 * Requests are the emulator's top-level log entries (a `$batch` counts once; its inner requests are noted).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext } from './context';
import { median, readMarks, runTimed, startChildEmulator } from './proc';
import type { Figure } from './report';

export const FLEET_SIZES = [10, 100, 1000, 5000] as const;
const LATENCIES = [0, 50] as const;

/** Every resource group of the generated fleet (src/emulator/scenarios/fleet.ts): 2 subscriptions × 4. */
export const FLEET_RESOURCE_GROUPS = [1, 2].flatMap((s) => [1, 2, 3, 4].map((r) => `rg-fleet-${s}-${r}`));

export const planArgs = (): string[] => [
  'plan',
  '--json',
  ...FLEET_RESOURCE_GROUPS.flatMap((rg) => ['--resource-group', rg]),
  '--user',
  'fleet-vm-users',
  '--admin',
  'fleet-vm-admins',
];

interface PlanRun {
  ms: number;
  requests: number;
  innerRequests: number;
  peakRssMb: number;
}

export async function benchDiscovery(ctx: BenchContext, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const vms of FLEET_SIZES) {
    for (const latency of LATENCIES) {
      ctx.log(`plan: ${vms} VMs at ${latency} ms latency, ${runs} runs`);
      const emulator = await startChildEmulator(ctx.root, ['--vms', String(vms), '--latency', String(latency)]);
      const results: PlanRun[] = [];
      try {
        for (let i = 0; i < runs; i++) {
          const marks = join(ctx.outdir, `marks-plan-${vms}-${latency}-${i}.txt`);
          await rm(marks, { force: true });
          await emulator.resetLog();
          const run = await runTimed(process.execPath, [join(ctx.root, 'dist/cli.js'), ...planArgs()], {
            ...emulator.env,
            ENTRA_VM_LOGIN_BENCH_MARKS: marks,
          });
          if (run.code !== 0) throw new Error(`plan for ${vms} VMs exited ${run.code}: ${run.stderr}`);
          const log = await emulator.requests();
          results.push({
            ms: run.ms,
            requests: log.length,
            innerRequests: log.reduce((n, r) => n + (r.inner?.length ?? 0), 0),
            peakRssMb: ((await readMarks(marks))['peak-rss-kb'] ?? Number.NaN) / 1024,
          });
        }
      } finally {
        await emulator.close();
      }
      const section = `plan ${vms.toLocaleString('en-US')} VMs @${latency} ms`;
      const requests = median(results.map((r) => r.requests));
      figures.push(
        {
          section,
          name: 'wall time',
          value: median(results.map((r) => r.ms)) / 1000,
          unit: 's',
          budget: vms === 1000 && latency === 50 ? 1.5 : undefined,
          runs,
        },
        {
          section,
          name: 'requests',
          value: requests,
          unit: 'requests',
          budget: vms === 1000 ? 119 : undefined,
          runs,
          note: `${median(results.map((r) => r.innerRequests))} inside $batch`,
        },
        { section, name: 'peak RSS', value: median(results.map((r) => r.peakRssMb)), unit: 'MB', runs },
      );
    }
  }
  return figures;
}
