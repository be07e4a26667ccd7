/**
 * §7 picker: the wizard on a 5,000-VM fleet (emulator in its own process) in a pseudo-terminal. Each keystroke
 * in the VM filter is timed from the write to the output chunk after which the screen shows the new filter
 * text; the "N shown" count is rendered in the same frame, so that is when the filtered list is visible.
 */
import type { BenchContext } from './context';
import { median, peakRssMb, startChildEmulator } from './proc';
import { spawnTimed } from './pty';
import type { Figure } from './report';

const VMS = 5000;
/** Each character narrows the list: Windows VMs, then names `win-0…`, then `win-01…`. */
const TYPED = 'win-01';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const filterShows = (text: string) => new RegExp(`Filter: ${escapeRegExp(text)}(?![\\w-])`);
const shownCount = (screen: string) => Number(/([\d,]+) shown/.exec(screen)?.[1]?.replace(/,/g, '') ?? Number.NaN);

export async function benchPicker(ctx: BenchContext, rounds: number): Promise<Figure[]> {
  ctx.log(`picker: wizard on ${VMS.toLocaleString('en-US')} VMs, ${rounds} rounds of typing '${TYPED}' and erasing it`);
  const emulator = await startChildEmulator(ctx.root, ['--vms', String(VMS)]);
  const t = spawnTimed(process.execPath, [`${ctx.root}/dist/cli.js`], { env: emulator.env, cols: 120, rows: 40 });
  const latencies: number[] = [];
  const counts = new Set<number>();
  try {
    await t.until((s) => s.includes(`of ${VMS.toLocaleString('en-US')} selected`), 'the VM list', 120_000);
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
    return [
      {
        section: `picker ${VMS.toLocaleString('en-US')} VMs`,
        name: 'keystroke to frame',
        value: median(latencies),
        unit: 'ms',
        budget: 50,
        runs: latencies.length,
        note: `p90 ${Math.round(p90)} ms, max ${Math.round(sorted.at(-1) ?? Number.NaN)} ms; counts shown ${[...counts].sort((a, b) => b - a).join(' → ')}`,
      },
      {
        section: `picker ${VMS.toLocaleString('en-US')} VMs`,
        name: 'peak RSS',
        value: rss,
        unit: 'MB',
        budget: 250,
        runs: 1,
      },
    ];
  } finally {
    t.kill();
    await t.exited;
    await emulator.close();
  }
}
