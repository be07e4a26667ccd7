/** The role assignment screen's view model: each selected principal, the role it gets, and what is planned. */
import { ROLE_IDS } from '../../src/core/well-known-ids';
import type { StepView } from '../shared/contract';
import { loginGrants } from '../shared/principals';
import { principalLabel, ROLE_NAMES } from './assignments';
import type { RoleAssignmentFacts } from './rules';

export function view({ snapshot, answers, drafts }: RoleAssignmentFacts): StepView {
  const rows = loginGrants(snapshot, answers).map(({ principal, roleGuid }) => {
    const mine = drafts.filter(
      (d) => d.params.principalId === principal.id && d.params.roleDefinitionGuid === roleGuid,
    );
    return {
      subject: principalLabel(principal),
      state: ROLE_NAMES[roleGuid] ?? roleGuid,
      planned: mine.length ? `assign on ${mine.length} scope${mine.length === 1 ? '' : 's'}` : 'already assigned',
      tone: mine.length ? ('warn' as const) : ('ok' as const),
    };
  });
  const readers = drafts.filter((d) => d.params.roleDefinitionGuid === ROLE_IDS.reader).length;
  return {
    question: 'Who may sign in, and with which role?',
    columns: { subject: 'PRINCIPAL', state: 'ROLE', planned: 'PLANNED' },
    rows,
    notes: readers
      ? [`${readers} Reader role assignment${readers === 1 ? '' : 's'} for Azure Bastion planned too.`]
      : [],
  };
}
