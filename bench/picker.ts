/**
 * §7 picker: the wizard on a 5,000-VM and a 20,000-VM fleet (emulator in its own process) in a pseudo-terminal.
 * Each keystroke in the VM filter is timed from the write to the output chunk after which the screen shows the
 * new filter text; the "N shown" count is rendered in the same frame, so that is when the filtered list is
 * visible. Budgets: at 5,000 VMs the median and the 90th percentile under 50 ms and the wizard's peak RSS at
 * most 200 MB; at 20,000 VMs the median under 50 ms.
 */
import type { BenchContext } from './context';
import { median, peakRssMb, startChildEmulator } from './proc';
import { spawnTimed } from './pty';
import type { Figure } from './report';

const FLEETS = [5000, 20000] as const;
/** Each character narrows the list: Windows VMs, then names `win-0…`, then `win-01…`. */
const TYPED = 'win-01';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const filterShows = (text: string) => new RegExp(`Filter: ${escapeRegExp(text)}(?![\\w-])`);
const shownCount = (screen: string) => Number(/([\d,]+) shown/.exec(screen)?.[1]?.replace(/,/g, '') ?? Number.NaN);

export async function benchPicker(ctx: BenchContext, rounds: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const vms of FLEETS) figures.push(...(await pickerOn(ctx, vms, rounds)));
  return figures;
}

async function pickerOn(ctx: BenchContext, vms: number, rounds: number): Promise<Figure[]> {
  ctx.log(`picker: wizard on ${vms.toLocaleString('en-US')} VMs, ${rounds} rounds of typing '${TYPED}' and erasing it`);
  const emulator = await startChildEmulator(ctx.root, ['--vms', String(vms)]);
  const t = spawnTimed(process.execPath, [`${ctx.root}/dist/cli.js`], { env: emulator.env, cols: 120, rows: 40 });
  const latencies: number[] = [];
  const counts = new Set<number>();
  try {
    await t.until((s) => s.includes('What would you like to do?'), 'the first question', 300_000);
    t.write('\r');
    await t.until((s) => s.includes(`of ${vms.toLocaleString('en-US')} selected`), 'the VM list', 300_000);
    const before = t.screen();
    t.write('/');
    await t.until((s) => s !== before, 'the filter to open');
    const press = async (key: string, expected: string) => {
      const sent = performance.now();
      t.write(key);
      const at = await t.until((s) => filterShows(expected).test(s), `the filter to show '${expected}'`);
      latencies.push(at - sent);
      counts.add(shownCount(t.screen()));
    };
    for (let r = 0; r < rounds; r++) {
      for (let i = 1; i <= TYPED.length; i++) await press(TYPED[i - 1]!, TYPED.slice(0, i));
      for (let i = TYPED.length - 1; i >= 0; i--) await press('\x7f', TYPED.slice(0, i));
    }
    const rss = peakRssMb(t.pid);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? Number.NaN;
    const section = `picker ${vms.toLocaleString('en-US')} VMs`;
    const small = vms === FLEETS[0];
    return [
      {
        section,
        name: 'keystroke to frame (median)',
        value: median(latencies),
        unit: 'ms',
        budget: 50,
        runs: latencies.length,
        note: `max ${Math.round(sorted.at(-1) ?? Number.NaN)} ms; counts shown ${[...counts].sort((a, b) => b - a).join(' → ')}`,
      },
      {
        section,
        name: 'keystroke to frame (p90)',
        value: p90,
        unit: 'ms',
        budget: small ? 50 : undefined,
        runs: latencies.length,
      },
      { section, name: 'wizard peak RSS', value: rss, unit: 'MB', budget: small ? 200 : undefined, runs: 1 },
    ];
  } finally {
    t.kill();
    await t.exited;
    await emulator.close();
  }
}
