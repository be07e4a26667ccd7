/** The role assignment screen's view model: each selected principal, the role it gets, and what is planned. */
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { CONNECTION_METHODS, type ConnectionMethod, ROLE_SCOPES } from '../../src/plan/answers';
import type { StepView } from '../shared/contract';
import { loginGrants } from '../shared/principals';
import { principalLabel, ROLE_NAMES } from './assignments';
import type { RoleAssignmentFacts } from './rules';

/** How each connection method is named where the admin picks it. */
const CONNECTION_METHOD_TEXT: Record<ConnectionMethod, string> = {
  'rdp-web-account': 'RDP with a web account (Windows)',
  'rdp-password': 'RDP with a password or WHfB (Windows)',
  'bastion-portal': 'Azure Bastion in the portal',
  'bastion-native': 'Azure Bastion native client',
  ssh: 'az ssh vm (Linux)',
};

/** The Bastion hosts the selected VMs' networks have, when a Bastion connection method is chosen. */
function bastionNote({ snapshot, answers }: RoleAssignmentFacts): string[] {
  if (!answers.connections.some((c) => c.startsWith('bastion'))) return [];
  return [
    snapshot.bastions.length
      ? `Bastion: ${snapshot.bastions.map((b) => `${b.name} (${b.sku}${b.enableTunneling ? ', native client on' : ''})`).join(', ')}`
      : 'Bastion: none found in the selected VMs’ networks.',
  ];
}

export function view(facts: RoleAssignmentFacts): StepView {
  const { snapshot, answers, drafts } = facts;
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
  const admins = answers.admins.length;
  const users = answers.users.length;
  const readers = drafts.filter((d) => d.params.roleDefinitionGuid === ROLE_IDS.reader).length;
  return {
    question: 'Who should sign in to these VMs, and with which role?',
    columns: { subject: 'PRINCIPAL', state: 'ROLE', planned: 'PLANNED' },
    rows,
    fields: [
      { kind: 'choice', answer: 'scope', label: 'Assign roles at:', value: answers.scope, options: ROLE_SCOPES },
      {
        kind: 'set',
        answer: 'connections',
        label: 'How will they connect?',
        value: answers.connections,
        options: CONNECTION_METHODS.map((m) => ({ value: m, label: CONNECTION_METHOD_TEXT[m] })),
      },
    ],
    notes: [
      ...(admins + users === 0 ? ['No one added yet: the plan assigns no login roles.'] : []),
      ...(readers
        ? [`${readers} Reader role assignment${readers === 1 ? '' : 's'} for Azure Bastion planned too.`]
        : []),
      ...bastionNote(facts),
    ],
  };
}
