/** The client readiness screen's view model: each selected user's registered methods, and the client PC. */
import { describeJoin, joinType } from '../../src/checks/dsregcmd';
import { WHFB_TRUSTS } from '../../src/plan/answers';
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
    question: 'Which PC will people connect from?',
    fields: [
      {
        kind: 'text',
        answer: 'dsregcmdFile',
        label: 'Path to a saved dsregcmd /status output:',
        value: answers.dsregcmdFile ?? '',
      },
      {
        kind: 'text',
        answer: 'clientOsBuild',
        label: 'Client Windows build:',
        value: answers.clientOsBuild ?? '',
        hint: 'e.g. 10.0.22621.674 (winver)',
      },
      {
        kind: 'choice',
        answer: 'whfbTrust',
        label: 'WHfB trust model:',
        value: answers.whfbTrust,
        options: WHFB_TRUSTS,
      },
    ],
    columns: { subject: 'USER', state: 'REGISTERED METHODS', planned: 'PLANNED' },
    rows,
    notes: client
      ? [
          `Client PC: ${client.osBuild ? `Windows build ${client.osBuild}` : 'build unknown'}, ${describeJoin(joinType(client))}.`,
        ]
      : ['No client PC described: give its dsregcmd /status output and Windows build to check it.'],
  };
}
