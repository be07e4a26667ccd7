/**
 * §7 apply: extension installs that take 2 s each in the emulator, run in-process through the real apply
 * pipeline (stale check, executor, step handlers, SDK clients over TLS). The fleet is prepared so that every
 * VM is running with a system identity, no extension and no Entra device: the plan is exactly one install per
 * VM, and every install succeeds.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type OperationType,
  operationTypeOf,
  PRINCIPAL_LIMITS,
  subscriptionOfPath,
} from '../src/emulator/arm/throttle';
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
  /** Only the resource groups of the fleet's first subscription: every install in one subscription's buckets. */
  oneSubscription?: boolean;
}

export interface ApplyRun {
  wallMs: number;
  idealMs: number;
  /** The fastest ARM's buckets allow for the requests this run made (ignoring parallelism and latency). */
  throttleIdealMs: number;
  retries: number;
  /** Actions that did not end succeeded or already-done, by state, with the first message of each. */
  notDone: Record<string, { count: number; message?: string }>;
  requests: number;
  /** Answers 429 from ARM's own buckets (not injected faults). */
  armThrottled: number;
  /** Every 429, injected ones included. */
  status429: number;
}

/**
 * The shortest time ARM's buckets allow: per subscription and operation type, the requests beyond a full
 * bucket arrive at the refill rate; the last install then still takes its own duration.
 */
export function throttleIdealMs(requests: readonly { method: string; path: string }[], installMs: number): number {
  const counts = new Map<string, { n: number; type: OperationType }>();
  for (const r of requests) {
    const sub = subscriptionOfPath(r.path);
    if (!sub) continue;
    const type = operationTypeOf(r.method);
    const key = `${sub}|${type}`;
    const c = counts.get(key) ?? { n: 0, type };
    c.n++;
    counts.set(key, c);
  }
  let seconds = 0;
  for (const { n, type } of counts.values()) {
    const limit = PRINCIPAL_LIMITS[type];
    seconds = Math.max(seconds, (n - limit.size) / limit.refillPerSecond);
  }
  return seconds * 1000 + installMs;
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
  const vms = c.oneSubscription ? c.installs * 2 : c.installs;
  const emulator = await startEmulator({ vms, extensionInstallMs: INSTALL_MS, throttle: true });
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
    const groups = c.oneSubscription
      ? FLEET_RESOURCE_GROUPS.filter((g) => g.startsWith('rg-fleet-1-'))
      : FLEET_RESOURCE_GROUPS;
    const answers = parseAnswers({ resourceGroups: groups, ca: 'none' });
    const plan = buildPlan(await runDiscovery(conn.gateway, answers, { tenantId: conn.tenantId }), answers);
    const installs = plan.actions.filter((a) => a.kind === 'install-extension').length;
    if (installs !== c.installs || plan.actions.length !== installs) {
      const kinds = [...new Set(plan.actions.map((a) => a.kind))].join(', ');
      throw new Error(`expected ${c.installs} installs only, the plan has ${plan.actions.length} actions (${kinds})`);
    }
    emulator.setFaults(c.faults);
    emulator.log.reset();
    // Discovery for the plan spent tokens; an admin applies a saved plan later, with the buckets full again.
    emulator.throttle?.reset();
    const planPath = join(scratch, `plan-${c.installs}-${c.parallelism}-${c.faults ? 'throttled' : 'clean'}.json`);
    const started = performance.now();
    const result = await applyPlan(conn, plan, planPath, { parallelism: c.parallelism });
    const wallMs = performance.now() - started;
    await conn.close();
    const log = emulator.log.requests();
    return {
      wallMs,
      idealMs: (c.installs * INSTALL_MS) / c.parallelism,
      throttleIdealMs: throttleIdealMs(log, INSTALL_MS),
      retries: result.retries,
      notDone: notDone(Object.values(result.results)),
      requests: log.length,
      armThrottled: log.filter((r) => r.status === 429 && r.throttled).length,
      status429: log.filter((r) => r.status === 429).length,
    };
  } finally {
    await emulator.close();
  }
}

function describeNotDone(notDone: ApplyRun['notDone']): string {
  const parts = Object.entries(notDone).map(([state, e]) => `${e.count} ${state}${e.message ? ` (${e.message})` : ''}`);
  return parts.length ? `; NOT DONE: ${parts.join(', ')}` : '';
}

/** How the fleet's 200-install case is run, with the budgets that apply to it. */
interface Case {
  installs: number;
  parallelism: number;
  faults: string;
  ratioBudget?: number;
  perInstallBudget?: number;
}

/**
 * 200 installs at parallelism 8 and 16; parallelism 1 would take 400 s, so it runs `serialInstalls` installs
 * and its time is scaled to 200 (labelled as extrapolated). Each case once clean, once with 10% 429s. Then
 * 600 installs in one subscription at parallelism 64, where ARM's write bucket (not parallelism) sets the
 * pace: no 429 allowed, and within 1.1× of the time the buckets allow.
 */
export async function benchApply(ctx: BenchContext, serialInstalls = 10): Promise<Figure[]> {
  const scratch = await mkdtemp(join(ctx.outdir, 'apply-'));
  const figures: Figure[] = [];
  const cases: Case[] = [];
  for (const faults of ['', THROTTLED]) {
    for (const parallelism of [1, 8, 16]) {
      cases.push({
        installs: parallelism === 1 ? serialInstalls : 200,
        parallelism,
        faults,
        ratioBudget: parallelism === 8 ? 1.2 : undefined,
        perInstallBudget: parallelism === 8 && !faults ? 4 : undefined,
      });
    }
  }
  try {
    for (const c of cases) {
      ctx.log(`apply: ${c.installs} installs at parallelism ${c.parallelism}${c.faults ? ` with ${c.faults}` : ''}`);
      const run = await measureApply(c, scratch);
      const scale = 200 / c.installs;
      const section = `apply 200 installs, parallelism ${c.parallelism}${c.faults ? ', 10% 429' : ''}`;
      const extrapolated = scale === 1 ? '' : `measured on ${c.installs} installs ×${scale}; `;
      figures.push(
        {
          section,
          name: scale === 1 ? 'wall time' : 'wall time (extrapolated)',
          value: (run.wallMs * scale) / 1000,
          unit: 's',
          runs: 1,
          note: `${extrapolated}ideal ${((run.idealMs * scale) / 1000).toFixed(0)} s; ${run.retries} executor retries, ${run.status429} answers 429${describeNotDone(run.notDone)}`,
        },
        { section, name: 'wall / ideal', value: run.wallMs / run.idealMs, unit: '×', budget: c.ratioBudget, runs: 1 },
        {
          section,
          name: 'requests per install',
          value: run.requests / c.installs,
          unit: 'per install',
          budget: c.perInstallBudget,
          runs: 1,
          note: `${run.requests} requests, the stale check's reads included`,
        },
      );
    }
    const paced = { installs: 600, parallelism: 64, faults: '', oneSubscription: true };
    ctx.log(
      `apply: ${paced.installs} installs in one subscription at parallelism ${paced.parallelism}, ARM throttle model`,
    );
    const run = await measureApply(paced, scratch);
    const section = `apply ${paced.installs} installs, one subscription, parallelism ${paced.parallelism}, ARM buckets`;
    figures.push(
      {
        section,
        name: 'wall time',
        value: run.wallMs / 1000,
        unit: 's',
        runs: 1,
        note: `throttle-limited ideal ${(run.throttleIdealMs / 1000).toFixed(1)} s (writes beyond 200 at 10/s, reads beyond 250 at 25/s, + one install); ${run.requests} requests${describeNotDone(run.notDone)}`,
      },
      {
        section,
        name: 'wall / throttle-limited ideal',
        value: run.wallMs / run.throttleIdealMs,
        unit: '×',
        budget: 1.1,
        runs: 1,
      },
      {
        section,
        name: "429s from ARM's buckets",
        value: run.armThrottled,
        unit: 'requests',
        budget: 0,
        runs: 1,
        note: `${run.status429} answers 429 in all`,
      },
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return figures;
}
