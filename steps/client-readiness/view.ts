/** The client readiness screen's view model: each selected user's registered methods, and the client PC. */
import { describeJoin, joinType } from '../../src/checks/dsregcmd';
import type { AuthMethodFacts } from '../../src/plan/snapshot';
import type { StepView } from '../shared/contract';
import { selectedUsers } from '../shared/sign-in-subjects';
import type { ClientReadinessFacts } from './rules';

function methodNames(m: AuthMethodFacts): string[] {
  const names: string[] = [];
  if (m.windowsHelloForBusiness) names.push('Windows Hello for Business');
  if (m.fido2) names.push('FIDO2 key');
  if (m.microsoftAuthenticator) names.push('Authenticator');
  return names.length ? names : m.methodsRegistered;
}

export function view({ snapshot, answers }: ClientReadinessFacts): StepView {
  const rows = selectedUsers(snapshot, answers).map((u) => {
    const methods = snapshot.authMethods[u.id];
    const names = methods ? methodNames(methods) : [];
    return {
      subject: u.userPrincipalName ?? u.displayName,
      state: methods === undefined ? 'not read' : names.length ? names.join(', ') : 'no method registered',
      planned: 'nothing: registered by the user',
      tone: methods === undefined ? ('muted' as const) : names.length ? ('ok' as const) : ('error' as const),
    };
  });
  const client = snapshot.client;
  return {
    question: 'What will the users connect from?',
    columns: { subject: 'USER', state: 'REGISTERED METHODS', planned: 'PLANNED' },
    rows,
    notes: client
      ? [
          `Client PC: ${client.osBuild ? `Windows build ${client.osBuild}` : 'build unknown'}, ${describeJoin(joinType(client))}.`,
        ]
      : ['No client PC described: give its dsregcmd /status output and Windows build to check it.'],
  };
}
