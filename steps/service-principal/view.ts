/**
 * The service principal screen's view model: every VM sign-in app the chosen connection methods need (the same
 * list the step plans for), and whether the tenant has its service principal.
 */
import type { StepView } from '../shared/contract';
import { appName, servicePrincipalApps } from '../shared/sign-in-subjects';
import type { ServicePrincipalFacts } from './rules';

export function view({ snapshot, answers }: ServicePrincipalFacts): StepView {
  return {
    question: 'Does the tenant have the VM sign-in apps Conditional Access must target?',
    columns: { subject: 'APP', state: 'SERVICE PRINCIPAL', planned: 'PLANNED' },
    rows: servicePrincipalApps(snapshot, answers).map((appId) => {
      const sp = snapshot.servicePrincipals[appId];
      return {
        subject: appName(appId),
        state: sp === undefined ? 'not read' : sp === null ? 'missing' : `present (${sp.id})`,
        planned: sp === null ? 'create it' : sp ? 'nothing' : 'nothing: not read',
        tone: sp ? 'ok' : sp === null ? 'warn' : 'muted',
      };
    }),
    notes: ['Conditional Access can target an app only when the tenant has its service principal.'],
  };
}
