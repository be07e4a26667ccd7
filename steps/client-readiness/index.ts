/**
 * Step 6, client readiness: the users' registered methods (WHfB, FIDO2, Authenticator) and the client PC's
 * join state and Windows build, against what the chosen connection methods and policies need.
 */
import { noBlocker, type StepModule } from '../shared/contract';
import { handlers, verifiers } from './apply';
import { discover } from './discover';
import { assess, type ClientReadinessFacts } from './rules';
import { view } from './view';

export const clientReadinessStep: StepModule<ClientReadinessFacts> = {
  id: 'client-readiness',
  title: 'Client readiness',
  discoveryPhase: 2,
  actionKinds: [],
  actionContracts: {},
  findingCodes: ['no-strong-auth-method', 'client-not-joined', 'client-os-too-old', 'whfb-key-trust'],
  reads: ['connections', 'ca', 'whfbTrust', 'clientOsBuild', 'dsregcmdFile', 'admins', 'users', 'exclude'],
  discover,
  facts: (snapshot, answers) => ({ snapshot, answers }),
  assess,
  plan: () => [],
  blocker: noBlocker,
  view,
  handlers,
  verifiers,
};

export default clientReadinessStep;
