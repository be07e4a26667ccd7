/** Unknown facts (issue #12): the contextual-read helper, the read-failed finding and the summary line. */
import { describe, expect, it } from 'vitest';
import { translateHttpFailure } from '../../../src/azure/errors';
import { UserError } from '../../../src/errors';
import { summarize } from '../../../src/plan/planner';
import { emptySnapshot } from '../../../src/plan/snapshot';
import { readFailedFindings, unknownBecause, unreadFact } from '../../../src/plan/unread';
import { describeFailure, isContextualFailure, readContextual } from '../../../steps/shared/contextual-read';

const VNET = '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub';
const read = {
  step: 'identity-extension' as const,
  key: `vnet:${VNET}`,
  resource: VNET,
  what: 'the virtual network vnet-hub',
  operation: 'network.vnet.read' as const,
};
const forbidden = translateHttpFailure(
  { status: 403, serviceCode: 'AuthorizationFailed' },
  { name: 'network.vnet.read', target: VNET },
  'arm',
);

describe('readContextual', () => {
  it('records a refused read as unread with what happened and what would let the tool read it', async () => {
    const snapshot = emptySnapshot();
    const lines: string[] = [];
    const got = await readContextual(
      { snapshot, progress: (l) => lines.push(l) },
      read,
      () => Promise.reject(forbidden),
      undefined,
    );
    expect(got).toBeUndefined();
    expect(snapshot.unread).toEqual([
      {
        key: `vnet:${VNET.toLowerCase()}`,
        step: 'identity-extension',
        resource: VNET,
        what: 'the virtual network vnet-hub',
        reason: 'refused (AuthorizationFailed)',
        needs: `Reader (or any role with Microsoft.Network/virtualNetworks/read) on ${VNET}`,
      },
    ]);
    expect(lines).toEqual([
      'Could not read the virtual network vnet-hub (refused (AuthorizationFailed)): it is treated as unknown.',
    ]);
    expect(unreadFact(snapshot, `VNET:${VNET}`)?.reason).toBe('refused (AuthorizationFailed)');
    expect(unknownBecause(snapshot.unread![0]!)).toBe(
      'unknown: could not read the virtual network vnet-hub (refused (AuthorizationFailed))',
    );
  });

  it('rethrows what is not about the fact: a lost sign-in, an interruption, bad input', async () => {
    for (const code of ['auth-failed', 'auth-required', 'interrupted', 'bad-input'] as const) {
      const snapshot = emptySnapshot();
      const e = new UserError(code, 'x');
      await expect(readContextual({ snapshot, progress: () => {} }, read, () => Promise.reject(e), 0)).rejects.toBe(e);
      expect(snapshot.unread).toEqual([]);
    }
    expect(isContextualFailure(new Error('plain bug'))).toBe(false);
    expect(isContextualFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(true);
  });

  it('words each kind of failure', () => {
    const op = { name: 'network.nsg.read' as const };
    expect(describeFailure(translateHttpFailure({ status: 404, serviceCode: 'ResourceNotFound' }, op, 'arm'))).toBe(
      'not found (ResourceNotFound)',
    );
    expect(
      describeFailure(new UserError('timeout', 'No answer within 30 s while reading the network security group x')),
    ).toBe('no answer within 30 s');
    expect(describeFailure(translateHttpFailure({ status: 503 }, op, 'arm'))).toBe(
      'still failing after retries (HTTP 503)',
    );
  });
});

describe('read-failed findings and the summary line', () => {
  it('one warning per unread fact, in its step, naming the resource and the permission', async () => {
    const snapshot = emptySnapshot();
    await readContextual({ snapshot, progress: () => {} }, read, () => Promise.reject(forbidden), undefined);
    const [f] = readFailedFindings(snapshot, 'identity-extension');
    expect(f).toEqual({
      code: 'read-failed',
      severity: 'warning',
      step: 'identity-extension',
      target: VNET,
      message:
        'Could not read the virtual network vnet-hub: refused (AuthorizationFailed). What depends on it is unknown, and nothing is planned on it.',
      remediation: `Reading it needs Reader (or any role with Microsoft.Network/virtualNetworks/read) on ${VNET}; grant that (entra-vm-login permissions lists everything) and plan again.`,
      fixedBy: [],
    });
    expect(readFailedFindings(snapshot, 'conditional-access')).toEqual([]);
    const finding = { ...f!, fixedBy: [] };
    expect(summarize({ actions: [], findings: [finding, finding] }).line).toBe(
      'No changes. 2 facts could not be read.',
    );
    expect(summarize({ actions: [], findings: [] }).line).toBe('No changes.');
  });
});
