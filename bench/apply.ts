/**
 * §7 apply: extension installs that take 2 s each in the emulator, run in-process through the real apply
 * pipeline (stale check, executor, step handlers, SDK clients over TLS). The fleet is prepared so that every
 * VM is running with a system identity, no extension and no Entra device: the plan is exactly one install per
 * VM, and every install succeeds.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index';
import { parseAnswers } from '../src/plan/answers';
import { applyPlan } from '../src/workflows/apply';
import { connect } from '../src/workflows/connect';
import { runDiscovery } from '../src/workflows/discover';
import type { CliIO } from '../src/workflows/io';
import { buildPlan } from '../src/workflows/plan';
import type { BenchContext } from './context';
import { FLEET_RESOURCE_GROUPS } from './discovery';
import type { Figure } from './report';

export const INSTALL_MS = 2000;
export const THROTTLED = '429=0.1:retry-after=1';

export interface ApplyCase {
  installs: number;
  parallelism: number;
  faults: string;
}

export interface ApplyRun {
  wallMs: number;
  idealMs: number;
  retries: number;
  /** Actions that did not end succeeded or already-done, by state, with the first message of each. */
  notDone: Record<string, { count: number; message?: string }>;
  requests: number;
}

function notDone(outcomes: { state: string; message?: string }[]): ApplyRun['notDone'] {
  const out: ApplyRun['notDone'] = {};
  for (const o of outcomes) {
    if (o.state === 'succeeded' || o.state === 'already-done') continue;
    const entry = out[o.state] ?? { count: 0, message: o.message };
    entry.count++;
    out[o.state] = entry;
  }
  return out;
}

export async function measureApply(c: ApplyCase, scratch: string): Promise<ApplyRun> {
  const emulator = await startEmulator({ vms: c.installs, extensionInstallMs: INSTALL_MS });
  try {
    for (const vm of emulator.state.vms.values()) {
      vm.powerState = 'running';
      vm.identity = {
        type: 'SystemAssigned',
        principalId: randomUUID(),
        tenantId: emulator.tenantId,
        userAssignedIdentities: {},
      };
      vm.extensions = [];
    }
    // The fleet's joined VMs left Entra devices behind: without their extension they would look like duplicates.
    emulator.state.devices.clear();
    const io: CliIO = {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: { ...process.env, ...emulator.env() },
      interrupt: new AbortController().signal,
    };
    const conn = await connect({ demo: false, subscription: [], deviceCode: false, color: false }, io, {
      interactive: 'none',
    });
    const answers = parseAnswers({ resourceGroups: FLEET_RESOURCE_GROUPS, ca: 'none' });
    const plan = buildPlan(await runDiscovery(conn.gateway, answers, { tenantId: conn.tenantId }), answers);
    const installs = plan.actions.filter((a) => a.kind === 'install-extension').length;
    if (installs !== c.installs || plan.actions.length !== installs) {
      const kinds = [...new Set(plan.actions.map((a) => a.kind))].join(', ');
      throw new Error(`expected ${c.installs} installs only, the plan has ${plan.actions.length} actions (${kinds})`);
    }
    emulator.setFaults(c.faults);
    emulator.log.reset();
    const planPath = join(scratch, `plan-${c.installs}-${c.parallelism}-${c.faults ? 'throttled' : 'clean'}.json`);
    const started = performance.now();
    const result = await applyPlan(conn, plan, planPath, { parallelism: c.parallelism });
    const wallMs = performance.now() - started;
    await conn.close();
    return {
      wallMs,
      idealMs: (c.installs * INSTALL_MS) / c.parallelism,
      retries: result.retries,
      notDone: notDone(Object.values(result.results)),
      requests: emulator.log.requests().length,
    };
  } finally {
    await emulator.close();
  }
}

function describeNotDone(notDone: ApplyRun['notDone']): string {
  const parts = Object.entries(notDone).map(([state, e]) => `${e.count} ${state}${e.message ? ` (${e.message})` : ''}`);
  return parts.length ? `; NOT DONE: ${parts.join(', ')}` : '';
}

/**
 * 200 installs at parallelism 8 and 16; parallelism 1 would take 400 s, so it runs `serialInstalls` installs
 * and its time is scaled to 200 (labelled as extrapolated). Each case once clean, once with 10% 429s.
 */
export async function benchApply(ctx: BenchContext, serialInstalls = 10): Promise<Figure[]> {
  const scratch = await mkdtemp(join(ctx.outdir, 'apply-'));
  const figures: Figure[] = [];
  try {
    for (const faults of ['', THROTTLED]) {
      for (const parallelism of [1, 8, 16]) {
        const installs = parallelism === 1 ? serialInstalls : 200;
        ctx.log(`apply: ${installs} installs at parallelism ${parallelism}${faults ? ` with ${faults}` : ''}`);
        const run = await measureApply({ installs, parallelism, faults }, scratch);
        const scale = 200 / installs;
        const section = `apply 200 installs, parallelism ${parallelism}${faults ? ', 10% 429' : ''}`;
        const extrapolated = scale === 1 ? '' : `measured on ${installs} installs ×${scale}; `;
        figures.push(
          {
            section,
            name: scale === 1 ? 'wall time' : 'wall time (extrapolated)',
            value: (run.wallMs * scale) / 1000,
            unit: 's',
            runs: 1,
            note: `${extrapolated}ideal ${((run.idealMs * scale) / 1000).toFixed(0)} s; ${run.retries} executor retries, ${run.requests} requests${describeNotDone(run.notDone)}`,
          },
          {
            section,
            name: 'wall / ideal',
            value: run.wallMs / run.idealMs,
            unit: '×',
            budget: parallelism === 8 && !faults ? 1.2 : undefined,
            runs: 1,
          },
        );
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return figures;
}
