/**
 * §7 first frame: `--demo` in a pseudo-terminal against a minimal bundled Ink app (one line) and `az --version`,
 * in alternation so that both see the same machine state. Also when the SDKs finished loading (the CLI's
 * `sdk-loaded` mark, milliseconds since its process started) and the wizard's peak RSS once the VM list shows:
 * with `--demo` the simulated tenant runs inside the wizard's process, so the budgeted figure is taken on the same
 * demo tenant served by an emulator in a process of its own (the tool's memory alone, as against a real tenant).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BenchContext } from './context';
import { median, peakRssMb, readMarks, runTimed, startChildEmulator } from './proc';
import { hasContent, spawnTimed } from './pty';
import type { Figure } from './report';

const HELLO_TEXT = 'Hello from a minimal Ink app';
const HELLO = `import { render, Text } from 'ink';
render(<Text>${HELLO_TEXT}</Text>);
`;

/**
 * Bundles the one-line Ink app the same way scripts/build.mjs bundles the CLI: with code splitting, which also
 * keeps Ink's devtools import (of react-devtools-core, not installed) in a chunk that is never loaded.
 */
async function bundleHello(outdir: string): Promise<string> {
  const dir = join(outdir, 'hello-ink');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const source = join(dir, 'source.tsx');
  await writeFile(source, HELLO);
  await build({
    entryPoints: { hello: source },
    outdir: dir,
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    jsx: 'automatic',
    external: ['react-devtools-core'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return join(dir, 'hello.js');
}

async function helloFirstFrameMs(bundle: string): Promise<number> {
  const t = spawnTimed(process.execPath, [bundle]);
  try {
    return (await t.until((s) => s.includes(HELLO_TEXT), 'the minimal Ink app')) - t.spawnedAt;
  } finally {
    t.kill();
    await t.exited;
  }
}

interface WizardRun {
  firstFrameMs: number;
  sdkLoadedMs: number;
  peakRssMb: number;
}

async function wizardRun(ctx: BenchContext, i: number): Promise<WizardRun> {
  const marks = join(ctx.outdir, `marks-wizard-${i}.txt`);
  await rm(marks, { force: true });
  const t = spawnTimed(process.execPath, [join(ctx.root, 'dist/cli.js'), '--demo'], {
    env: { ENTRA_VM_LOGIN_BENCH_MARKS: marks },
  });
  try {
    const first = (await t.until(hasContent, 'the first frame')) - t.spawnedAt;
    // The first question comes once the inventory is read (the VM list is one enter away).
    await t.until((s) => s.includes('What would you like to do?'), 'the inventory read');
    const rss = peakRssMb(t.pid);
    const sdk = (await readMarks(marks))['sdk-loaded'] ?? Number.NaN;
    return { firstFrameMs: first, sdkLoadedMs: sdk, peakRssMb: rss };
  } finally {
    t.kill();
    await t.exited;
  }
}

/** The wizard's peak RSS once the VM list shows, against the demo tenant in an emulator process of its own. */
async function wizardOnChildDemo(ctx: BenchContext): Promise<number> {
  const emulator = await startChildEmulator(ctx.root, ['--scenario', 'demo']);
  const t = spawnTimed(process.execPath, [join(ctx.root, 'dist/cli.js')], { env: emulator.env });
  try {
    // The wizard first asks what the admin came to do; setting VMs up (the default) leads to the VM list.
    await t.until((s) => s.includes('What would you like to do?'), 'the first question');
    t.write('\r');
    await t.until((s) => /of [\d,]+ selected/.test(s), 'the VM list');
    return peakRssMb(t.pid);
  } finally {
    t.kill();
    await t.exited;
    await emulator.close();
  }
}

function azOnPath(): boolean {
  return spawnSync('sh', ['-c', 'command -v az'], { stdio: 'ignore' }).status === 0;
}

export async function benchFirstFrame(ctx: BenchContext): Promise<Figure[]> {
  const hello = await bundleHello(ctx.outdir);
  const hasAz = azOnPath();
  ctx.log(`first frame: ${ctx.runs} runs each of --demo, a minimal Ink app${hasAz ? ' and az --version' : ''}`);
  // One unmeasured run each, so that neither pays for a cold disk cache.
  await wizardRun(ctx, -1);
  await helloFirstFrameMs(hello);
  const wizard: WizardRun[] = [];
  const minimal: number[] = [];
  const az: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    wizard.push(await wizardRun(ctx, i));
    minimal.push(await helloFirstFrameMs(hello));
    if (hasAz) az.push((await runTimed('az', ['--version'])).ms);
  }
  const childDemo: number[] = [];
  for (let i = 0; i < ctx.runs; i++) childDemo.push(await wizardOnChildDemo(ctx));
  const w = median(wizard.map((r) => r.firstFrameMs));
  const m = median(minimal);
  const sdk = median(wizard.map((r) => r.sdkLoadedMs));
  const runs = ctx.runs;
  const figures: Figure[] = [
    { section: 'first frame', name: 'wizard --demo', value: w, unit: 'ms', runs },
    { section: 'first frame', name: 'minimal Ink app', value: m, unit: 'ms', runs },
    { section: 'first frame', name: 'wizard / minimal Ink', value: w / m, unit: '×', budget: 1.5, runs },
  ];
  if (hasAz) {
    const a = median(az);
    figures.push(
      { section: 'first frame', name: 'az --version (to exit)', value: a, unit: 'ms', runs },
      { section: 'first frame', name: 'wizard / az --version', value: w / a, unit: '×', budget: 0.5, runs },
    );
  } else {
    figures.push({
      section: 'first frame',
      name: 'wizard / az --version',
      value: Number.NaN,
      unit: '×',
      budget: 0.5,
      runs: 0,
      note: 'skipped: az is not on PATH',
    });
  }
  figures.push(
    {
      section: 'first frame',
      name: 'SDKs loaded (since process start)',
      value: sdk,
      unit: 'ms',
      runs,
      note: sdk > w ? 'after the first frame' : 'BEFORE the first frame',
    },
    {
      section: 'first frame',
      name: 'wizard peak RSS (--demo, tenant in process)',
      value: median(wizard.map((r) => r.peakRssMb)),
      unit: 'MB',
      runs,
      note: 'the simulated tenant counts here',
    },
    {
      section: 'first frame',
      name: 'wizard peak RSS (demo tenant apart)',
      value: median(childDemo),
      unit: 'MB',
      budget: 110,
      runs,
      note: 'VM list shown; the emulator in its own process',
    },
  );
  return figures;
}
