/**
 * The wizard's services (src/machine/services.ts) over the real pipeline: the gateway, the step modules, the
 * planner and the executor. Imported lazily by the wizard command, after the first frame.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { planEnforcementAt, renderCompliance, verifyEnforcement } from '../../steps/fleet-enforcement/index';
import { createAssessor } from '../../steps/registry';
import { acquireApplyLock } from '../apply/lock';
import { afterGrace } from '../azure/deadline';
import { onDisk } from '../fs-errors';
import type { ApplyResult, ConnectInfo, FindingLike, WizardServices } from '../machine/services';
import { type Answers, parseAnswers } from '../plan/answers';
import { journalPathFor, writePlanFile } from '../plan/plan-file';
import type { Snapshot } from '../plan/snapshot';
import type { StepId } from '../plan/types';
import { readFailedFindings } from '../plan/unread';
import { afterApply } from './after-apply';
import { applyPlan } from './apply';
import { type Connection, connect } from './connect';
import { runDiscovery } from './discover';
import { runDoctor } from './doctor';
import type { CliIO, GlobalOptions } from './io';
import { buildPlan } from './plan';
import { buildPolicyReview, findPolicy } from './policy-review';
import { chainsToDraw, connectCommands } from './predictions';
import { stateDir } from './state-dir';
import { rejectUnresolved } from './unresolved';

const WEEK_MS = 7 * 86_400_000;

export function createWizardServices(globals: GlobalOptions, io: CliIO): WizardServices & { close(): Promise<void> } {
  let conn: Connection | undefined;
  const connection = () => {
    if (!conn) throw new Error('the wizard used Azure before signing in');
    return conn;
  };
  const assess = createAssessor();
  // The same selection gives the same snapshot object, so the assessor's per-step results stay valid.
  let lastNarrowed: { key: string; inventory: Snapshot; snapshot: Snapshot } | undefined;
  const narrowed = (inventory: Snapshot, vms: Snapshot['vms']): Snapshot => {
    const key = vms.map((v) => v.id).join('|');
    if (lastNarrowed?.key !== key || lastNarrowed.inventory !== inventory) {
      lastNarrowed = { key, inventory, snapshot: { ...inventory, vms } };
    }
    return lastNarrowed.snapshot;
  };
  // Before planning, the snapshot is the whole inventory; findings and views are about the VMs chosen so far
  // (all of them while none is chosen, for the selection step).
  const chosenOnly = (inventory: Snapshot, answers: Answers): Snapshot => {
    if (answers.vms.length === 0) return inventory;
    // A set, not a scan of the chosen ids per VM: both can be thousands.
    const chosen = new Set(answers.vms.map((s) => s.toLowerCase()));
    return narrowed(
      inventory,
      inventory.vms.filter((v) => chosen.has(v.id.toLowerCase())),
    );
  };
  const planPath = (digest: string) =>
    resolve(stateDir(io.env), 'plans', `${connection().tenantId}-${digest.replace(/^sha256:/, '').slice(0, 16)}.json`);

  return {
    async connect(): Promise<ConnectInfo> {
      conn ??= await connect(globals, io, { interactive: 'browser', cancel: afterGrace(io.interrupt, 1500) });
      const subscriptions = await conn.gateway.arm.listSubscriptions();
      return {
        cloud: conn.cloud,
        tenantId: conn.tenantId,
        tenantName: conn.tenantName,
        simulated: conn.simulated,
        subscriptions,
      };
    },
    discover: (answers, onProgress) =>
      runDiscovery(connection().gateway, parseAnswers(answers), {
        progress: onProgress,
        tenantId: connection().tenantId,
        interactive: true,
      }),
    findings(inventory, answers) {
      const parsed = parseAnswers(answers);
      const snapshot = chosenOnly(inventory, parsed);
      const outcomes = assess(snapshot, parsed);
      // What a step could not read is said in its place, beside its findings.
      return Object.fromEntries(
        Object.entries(outcomes).map(([id, o]) => [id, [...o.findings, ...readFailedFindings(snapshot, id)]]),
      ) as Record<StepId, FindingLike[]>;
    },
    views(inventory, answers) {
      const parsed = parseAnswers(answers);
      const outcomes = assess(chosenOnly(inventory, parsed), parsed);
      return Object.fromEntries(Object.entries(outcomes).map(([id, o]) => [id, o.view]));
    },
    async plan(snapshot, answers) {
      rejectUnresolved(snapshot);
      return buildPlan(snapshot, parseAnswers(answers));
    },
    async apply(plan, onEvent, signal, onFailure): Promise<ApplyResult> {
      const path = planPath(plan.digest);
      // The state directory may not exist yet on a first run.
      await onDisk(
        'create the state directory',
        dirname(path),
        () => mkdir(dirname(path), { recursive: true }),
        'Set ENTRA_VM_LOGIN_STATE_DIR to a folder you can write to.',
      );
      // One apply of a plan at a time, the wizard's included: a CLI apply of the same plan is refused meanwhile.
      const lock = await acquireApplyLock(path, { by: 'wizard' });
      let result: Awaited<ReturnType<typeof applyPlan>>;
      try {
        await writePlanFile(path, plan);
        result = await applyPlan(connection(), plan, path, {
          signal,
          onEvent,
          onFailure: (action, error) =>
            onFailure({
              actionId: action.id,
              message: error instanceof Error ? error.message : String(error),
              hint: (error as { hint?: string }).hint,
            }),
        });
      } finally {
        await lock.release();
      }
      const ids = (state: string) =>
        Object.entries(result.results)
          .filter(([, r]) => r.state === state)
          .map(([id]) => id);
      return {
        outcome: result.status === 'succeeded' ? 'completed' : result.status === 'failed' ? 'failed' : 'aborted',
        succeeded: ids('succeeded'),
        alreadyDone: [...ids('already-done'), ...ids('resumed')],
        skipped: ids('skipped'),
        failed: Object.entries(result.results)
          .filter(([, r]) => r.state === 'failed')
          .map(([actionId, r]) => ({ actionId, message: r.message ?? 'failed' })),
        journalPath: journalPathFor(path),
      };
    },
    async planEnforcement(choice, onProgress) {
      const answers = parseAnswers({ enforce: { scope: choice.scope, audit: choice.audit } });
      const { plan } = await planEnforcementAt(connection().gateway, answers, connection().tenantId, onProgress);
      return plan;
    },
    async verify(plan) {
      const applied = new Set(plan.actions.map((a) => a.id));
      if (plan.answers.enforce) {
        // An enforcement plan is checked by re-reading its policy objects and reported as compliance.
        const after = await verifyEnforcement(connection().gateway, plan, applied);
        return {
          findings: [],
          outcomes: [],
          rdpFiles: [],
          notAsPlanned: after.notAsPlanned,
          compliance: renderCompliance(after.report).trimEnd().split('\n'),
        };
      }
      const after = await afterApply(connection(), plan, applied, resolve(stateDir(io.env), 'rdp'));
      if (after.rdpError) throw after.rdpError;
      return {
        findings: after.report.remaining.findings,
        outcomes: after.outcomes,
        connectCommands: connectCommands(after.report.snapshot, plan.answers),
        chains: chainsToDraw(after.report.snapshot, plan.answers),
        rdpFiles: after.rdp?.written ?? [],
        notAsPlanned: [...after.report.notAsPlanned].map(([actionId, problem]) => ({ actionId, problem })),
      };
    },
    async doctor(question, onProgress) {
      // The same reads and report as `doctor --vm --user [--connection]`: that VM and that user only.
      const answers = parseAnswers({
        vms: [question.vm],
        users: [question.user],
        ...(question.method ? { connections: [question.method] } : {}),
      });
      const gateway = connection().gateway;
      const snapshot = await runDiscovery(gateway, answers, {
        progress: onProgress,
        tenantId: connection().tenantId,
        interactive: true,
      });
      rejectUnresolved(snapshot);
      const run = await runDoctor(gateway, {
        snapshot,
        answers,
        vm: question.vm,
        user: question.user,
        method: question.method,
        since: new Date(Date.now() - WEEK_MS),
        window: 'the last 7 days',
        onProgress,
      });
      const user = run.report.user.userPrincipalName ?? run.report.user.displayName;
      return {
        user,
        vm: run.report.vm.name,
        headline: run.headline,
        outcomes: run.report.outcomes.map((o) => ({ ...o, user, vm: run.report.vm.name })),
        chains: run.chains,
        evidence: run.evidence,
        findings: run.plan.findings,
        plan: run.plan,
      };
    },
    async reviewPolicy(policyId) {
      const gateway = connection().gateway;
      const policy = findPolicy(await gateway.graph.listCaPolicies(), policyId);
      return buildPolicyReview(gateway, policy, WEEK_MS, 'the last 7 days');
    },
    async savePlan(plan, path) {
      // A bare name goes to the plans folder of the state directory (the README's ~/.entra-vm-login), not to
      // whatever folder the wizard happened to be started from.
      const absolute = isAbsolute(path) ? path : resolve(stateDir(io.env), 'plans', path);
      await onDisk(
        'create the state directory',
        dirname(absolute),
        () => mkdir(dirname(absolute), { recursive: true }),
        'Set ENTRA_VM_LOGIN_STATE_DIR to a folder you can write to.',
      );
      await writePlanFile(absolute, plan);
      return absolute;
    },
    async lookupPrincipal(text) {
      // An exact UPN, object id or group name first, then what contains the text in a name, UPN or mail ("alice"
      // finds alice@contoso.com, "ext" a guest's #EXT# UPN): a first-time admin rarely types a whole UPN.
      const graph = connection().gateway.graph;
      const [exact, search] = await Promise.allSettled([
        graph.resolvePrincipals([text]),
        graph.searchPrincipals ? graph.searchPrincipals(text, 8) : Promise.resolve([]),
      ]);
      const found = [
        ...(exact.status === 'fulfilled' ? exact.value.flatMap((l) => (l.principal ? [l.principal] : [])) : []),
        ...(search.status === 'fulfilled' ? search.value : []),
      ];
      if (found.length === 0 && exact.status === 'rejected') throw exact.reason;
      if (found.length === 0 && search.status === 'rejected') throw search.reason;
      return found.filter((p, i) => found.findIndex((q) => q.id === p.id) === i);
    },
    close: async () => {
      await conn?.close();
    },
  };
}
