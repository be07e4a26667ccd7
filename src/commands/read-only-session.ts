/**
 * The read-only prologue `plan` and `doctor` share: sign in, discover for the answers, refuse names the
 * directory does not know, hand the snapshot (and the gateway, for reads beyond discovery) on, and always
 * disconnect (stopping a --demo emulator).
 */

import type { Gateway } from '../azure/operations';
import type { Answers } from '../plan/answers';
import type { Snapshot } from '../plan/snapshot';
import { connect } from '../workflows/connect';
import { runDiscovery } from '../workflows/discover';
import { type CliIO, type GlobalOptions, progressTo } from '../workflows/io';
import { rejectUnresolved } from '../workflows/unresolved';

/** Signs in for a command that only reads: progress to stderr, and a signal cancels requests at once. */
export async function connectReadOnly(
  globals: GlobalOptions,
  io: CliIO,
  checkTenant: 'before' | 'alongside' = 'before',
) {
  const progress = progressTo(io);
  const conn = await connect(globals, io, {
    checkTenant,
    interactive: 'browser',
    onDeviceCode: progress,
    onRetry: (message) => progress(`↻ ${message}: retrying`),
    // Read-only: nothing to finish, so a signal cancels the requests in flight at once.
    cancel: io.interrupt,
  });
  if (conn.simulated) progress('Using the built-in simulated tenant (--demo): nothing real is read or changed.');
  return { conn, progress };
}

export async function discoverThen(
  globals: GlobalOptions,
  io: CliIO,
  answers: Answers,
  use: (snapshot: Snapshot, progress: (message: string) => void, gateway: Gateway) => Promise<number>,
): Promise<number> {
  // Discovery reads the tenant beside its first listings instead of after a round trip of its own.
  const { conn, progress } = await connectReadOnly(globals, io, 'alongside');
  try {
    const tenantChecked = conn.tenantChecked ?? Promise.resolve();
    const snapshot = await runDiscovery(conn.gateway, answers, {
      progress,
      signal: io.interrupt,
      tenantId: conn.tenantId,
    }).catch(async (e: unknown) => {
      // Signed in to the wrong tenant: say that, not what discovery then failed to find.
      await tenantChecked;
      throw e;
    });
    await tenantChecked;
    rejectUnresolved(snapshot);
    return await use(snapshot, progress, conn.gateway);
  } finally {
    await conn.close();
  }
}
