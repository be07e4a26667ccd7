/**
 * The client device as Conditional Access sees it: its join state (from `dsregcmd /status`) and whether Intune
 * reports it compliant (from `--client-compliant`, or Graph's `device.isCompliant` for the device dsregcmd names).
 * Anything not given is `unknown`, and a device control evaluated on it says so rather than guessing.
 */
import type { ClientFacts } from '../plan/snapshot';
import { hasJoinFacts, joinType } from './dsregcmd';

export type DeviceJoin = 'entra-joined' | 'hybrid-joined' | 'registered' | 'none' | 'unknown';

export interface DeviceState {
  join: DeviceJoin;
  compliant: 'yes' | 'no' | 'unknown';
  /** Where the facts came from, for reasons: "dsregcmd output", "--client-compliant", "as given". */
  source: string;
}

export const UNKNOWN_DEVICE: DeviceState = { join: 'unknown', compliant: 'unknown', source: 'no client facts' };

const fromDsregcmd = hasJoinFacts;

export function deviceStateOf(client: ClientFacts | undefined): DeviceState {
  if (!client) return UNKNOWN_DEVICE;
  let join: DeviceJoin = 'unknown';
  if (fromDsregcmd(client)) {
    const j = joinType(client);
    join = j === 'entra-joined' || j === 'hybrid-joined' ? j : client.workplaceJoined ? 'registered' : 'none';
  }
  const compliant = client.compliant === undefined ? 'unknown' : client.compliant ? 'yes' : 'no';
  const sources = [
    fromDsregcmd(client) ? 'dsregcmd output' : '',
    client.compliant !== undefined ? 'compliance given' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return { join, compliant, source: sources || 'no dsregcmd output' };
}
