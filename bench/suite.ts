/**
 * The benchmark suite behind `npm run bench`. Every figure sits beside its budget with "within" or
 * "over"; comparisons are ratios measured in the same run. Slowness never fails the suite: the exit code is 1
 * only when a section could not be measured at all.
 *
 * Options: --only first-frame,plan,apply,picker   --runs N (default 5)   --serial-installs N (default 10)
 *          --fleets 1000,5000 (plan: only these of the fleet sizes)
 *
 * Every emulator runs in a process of its own, so the memory and CPU figures are the CLI's alone.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchApply } from './apply';
import type { BenchContext } from './context';
import { benchDiscovery, FLEET_SIZES } from './discovery';
import { benchFirstFrame } from './first-frame';
import { benchPicker } from './picker';
import { type Figure, renderTable, summaryLine, verdict } from './report';

const SECTIONS = ['first-frame', 'plan', 'apply', 'picker'] as const;
type Section = (typeof SECTIONS)[number];

interface SuiteOptions {
  only: Section[];
  runs: number;
  serialInstalls: number;
  fleets: number[];
}

function parseOptions(argv: string[]): SuiteOptions {
  const options: SuiteOptions = { only: [...SECTIONS], runs: 5, serialInstalls: 10, fleets: [...FLEET_SIZES] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--only' && value) {
      const wanted = value.split(',');
      const unknown = wanted.filter((w) => !SECTIONS.includes(w as Section));
      if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}: use ${SECTIONS.join(', ')}`);
      options.only = wanted as Section[];
      i++;
    } else if (arg === '--fleets' && value) {
      const sizes = value.split(',').map(Number);
      const unknown = sizes.filter((n) => !(FLEET_SIZES as readonly number[]).includes(n));
      if (unknown.length) throw new Error(`unknown fleet size ${unknown.join(', ')}: use ${FLEET_SIZES.join(', ')}`);
      options.fleets = sizes;
      i++;
    } else if ((arg === '--runs' || arg === '--serial-installs') && value && /^\d+$/.test(value) && Number(value) > 0) {
      if (arg === '--runs') options.runs = Number(value);
      else options.serialInstalls = Number(value);
      i++;
    } else {
      throw new Error(
        `unknown option ${arg}: use --only ${SECTIONS.join(',')}, --runs N, --serial-installs N, --fleets ${FLEET_SIZES.join(',')}`,
      );
    }
  }
  return options;
}

export async function runSuite(argv: string[], env: { root: string; outdir: string }): Promise<number> {
  const options = parseOptions(argv);
  const ctx: BenchContext = {
    root: env.root,
    outdir: env.outdir,
    runs: options.runs,
    log: (m) => process.stderr.write(`· ${m}\n`),
  };
  const started = performance.now();
  const figures: Figure[] = [];
  const errors: string[] = [];
  const sections: Record<Section, () => Promise<Figure[]>> = {
    'first-frame': () => benchFirstFrame(ctx),
    plan: () => benchDiscovery(ctx, Math.min(3, options.runs), options.fleets),
    apply: () => benchApply(ctx, options.serialInstalls),
    picker: () => benchPicker(ctx, Math.max(1, Math.ceil(options.runs / 2))),
  };
  for (const name of options.only) {
    try {
      figures.push(...(await sections[name]()));
    } catch (e) {
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${renderTable(figures)}\n\n${summaryLine(figures)}\n`);
  process.stdout.write(
    `Suite took ${seconds.toFixed(0)} s on ${cpus().length} CPUs (Node ${process.versions.node}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}. Emulators ran in processes of their own: memory and CPU figures are the CLI's alone.\n`,
  );
  for (const e of errors) process.stderr.write(`section failed: ${e}\n`);
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.versions.node,
      platform: process.platform,
      loadAverage: loadavg(),
    },
    seconds,
    figures: figures.map((f) => ({ ...f, verdict: verdict(f) })),
    errors,
  };
  await writeFile(join(env.root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return errors.length > 0 ? 1 : 0;
}
