/** Step 4: the VM Sign-In apps' service principals, which Conditional Access needs to target them. */
import { noBlocker, type StepModule } from '../shared/contract';
import { createServicePrincipal, verifyServicePrincipal } from './apply';
import { discover, prefetch } from './discover';
import { createServicePrincipalKind } from './params';
import { assess, plan, type ServicePrincipalFacts } from './rules';
import { view } from './view';

export const servicePrincipalStep: StepModule<ServicePrincipalFacts> = {
  id: 'service-principal',
  title: 'Service principals',
  discoveryPhase: 2,
  prefetch,
  actionKinds: ['create-service-principal'],
  actionContracts: { 'create-service-principal': createServicePrincipalKind },
  findingCodes: ['service-principal-missing'],
  reads: ['connections', 'ca'],
  discover,
  facts: (snapshot, answers) => ({ snapshot, answers }),
  assess,
  plan,
  blocker: noBlocker,
  view,
  handlers: { 'create-service-principal': createServicePrincipal },
  verifiers: { 'create-service-principal': verifyServicePrincipal },
};

export default servicePrincipalStep;
