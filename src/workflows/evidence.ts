/**
 * Reads the evidence `doctor` puts beside its prediction: the user's recent sign-ins to the VM sign-in apps and
 * Microsoft's What-If for each app the examined methods sign in to. Either read may be impossible (no Entra ID P1,
 * no AuditLog.Read.All, no Policy.Read.ConditionalAccess): that becomes one line saying what could not be read and
 * why, and the prediction stands on its own.
 */

import { describeFailure, isContextualFailure } from '../../steps/shared/contextual-read';
import type { OperationName } from '../azure/errors';
import type { Gateway } from '../azure/operations';
import { needsFor } from '../azure/permissions';
import { appsForConnection } from '../checks/ca-evaluator';
import { compareWithPrediction, type DoctorEvidence, reusedMfa } from '../checks/signin-evidence';
import type { SignInPrediction } from '../checks/signin-outcome';
import { compareWhatIf } from '../checks/what-if-compare';
import { APP_IDS } from '../core/well-known-ids';
import { isUserError } from '../errors';

export type { DoctorEvidence } from '../checks/signin-evidence';

import type { PrincipalFacts, Snapshot, UnreadFact, VmFacts } from '../plan/snapshot';

const LICENCE_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
const VM_APP_IDS: string[] = Object.values(APP_IDS);

/**
 * The one line for a read that failed (after the gateway's retries): the licence, the permission, or the
 * service's own words. A failure that is not about the read (sign-in lost, interrupted, a bug) is rethrown.
 */
export function unreadLine(what: string, e: unknown): string {
  if (!isUserError(e) || !isContextualFailure(e)) throw e;
  if (e.details?.serviceCode === LICENCE_CODE) {
    return `${what} could not be read: the tenant has no Entra ID P1 or P2 licence, which Microsoft Graph needs for them`;
  }
  if (e.code === 'forbidden') return `${what} could not be read: that needs ${e.details?.missing ?? 'more access'}`;
  return `${what} could not be read: ${e.message}`;
}

function unreadFact(key: string, resource: string, what: string, operation: OperationName, e: unknown): UnreadFact {
  return {
    key,
    step: 'conditional-access',
    resource,
    what,
    reason:
      isUserError(e) && e.details?.serviceCode === LICENCE_CODE ? 'no Entra ID P1 or P2 licence' : describeFailure(e),
    needs: needsFor(operation),
  };
}

export async function gatherEvidence(input: {
  gateway: Gateway;
  snapshot: Snapshot;
  vm: VmFacts;
  user: PrincipalFacts;
  outcomes: SignInPrediction[];
  since: Date;
  window: string;
}): Promise<DoctorEvidence> {
  const { gateway, snapshot, vm, user, outcomes } = input;
  const evidence: DoctorEvidence = {
    since: input.since.toISOString(),
    window: input.window,
    signIns: [],
    truncated: false,
    comparisons: [],
    whatIf: [],
    unread: [],
  };
  const who = user.userPrincipalName ?? user.id;
  const failed = (key: string, resource: string, what: string, operation: OperationName) => (e: unknown) => {
    const line = unreadLine(what.charAt(0).toUpperCase() + what.slice(1), e);
    evidence.unread.push(unreadFact(key, resource, `${what} of ${who}`, operation, e));
    return line;
  };
  const graph = gateway.graph;
  const apps = [...new Set(outcomes.flatMap((o) => appsForConnection(o.method, vm.osType)))];
  const [signIns, answers] = await Promise.all([
    graph.listSignIns
      ? graph
          .listSignIns({ since: evidence.since, userId: user.id, appIds: VM_APP_IDS, max: 200 })
          .catch(failed(`sign-ins:${user.id}`, '/beta/auditLogs/signIns', 'sign-in logs', 'graph.signIns.read'))
      : 'Sign-in logs could not be read: this connection cannot read them',
    graph.evaluateWhatIf
      ? Promise.all(
          apps.map(async (appId) => ({
            appId,
            results: await graph.evaluateWhatIf!({
              userId: user.id,
              appId,
              clientAppType: 'mobileAppsAndDesktopClients',
              ...(vm.osType === 'Windows' ? { devicePlatform: 'windows' } : {}),
            }),
          })),
        ).catch(
          failed(
            `what-if:${user.id}`,
            '/v1.0/identity/conditionalAccess/evaluate',
            "Microsoft's What-If",
            'graph.ca.evaluate',
          ),
        )
      : "Microsoft's What-If could not be asked: this connection cannot call it",
  ]);
  if (typeof signIns === 'string') evidence.signInsUnread = signIns;
  else {
    evidence.signIns = signIns.signIns;
    evidence.truncated = signIns.truncated;
    evidence.comparisons = compareWithPrediction(
      outcomes,
      signIns.signIns,
      snapshot.caPolicies,
      vm.osType,
      input.window,
    );
    const reused = reusedMfa(signIns.signIns, snapshot.caPolicies, apps);
    if (reused) evidence.reusedMfa = reused;
  }
  if (typeof answers === 'string') evidence.whatIfUnread = answers;
  else evidence.whatIf = answers.flatMap((a) => compareWhatIf(snapshot.caPolicies, user, a.appId, a.results));
  return evidence;
}
