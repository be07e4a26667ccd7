/**
 * Client readiness discovery: the selected users' registered authentication methods and, when the admin
 * supplies them, the client PC's `dsregcmd /status` output, Windows build and compliance.
 */
import { readFile } from 'node:fs/promises';
import { parseDsregcmd } from '../../src/checks/dsregcmd';
import { formatBuild, parseWindowsBuild } from '../../src/checks/windows-build';
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { ClientFacts } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual, recordUnread, unreadFrom } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { ensurePrincipals } from '../shared/principals';
import { selectedUsers } from '../shared/sign-in-subjects';

/** dsregcmd output saved by PowerShell 5 (`>`) is UTF-16LE with a BOM; cmd.exe writes the OEM code page. */
function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  return buf.toString('utf8');
}

export async function readClientFacts(
  answers: Pick<Answers, 'dsregcmdFile' | 'clientOsBuild' | 'clientCompliant'>,
): Promise<ClientFacts | undefined> {
  let facts: ClientFacts | undefined;
  if (answers.dsregcmdFile) {
    const file = answers.dsregcmdFile;
    const buf = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw new UserError(
        'bad-input',
        `cannot read ${file} (${e.code ?? e.message})`,
        'Check the path given to --dsregcmd.',
      );
    });
    const parsed = parseDsregcmd(decode(buf));
    if (!parsed) {
      throw new UserError(
        'bad-input',
        `${file} is not the output of dsregcmd /status`,
        'On the client PC, as the signed-in user (not elevated), run: dsregcmd /status > dsregcmd.txt',
      );
    }
    facts = parsed.facts;
  }
  if (answers.clientOsBuild) {
    const build = parseWindowsBuild(answers.clientOsBuild);
    if (!build) {
      throw new UserError(
        'bad-input',
        `'${answers.clientOsBuild}' is not a Windows build`,
        'Give it as 10.0.22621.674, 22621.674 or the output of `ver`.',
      );
    }
    facts = { ...facts, osBuild: formatBuild(build) };
  }
  if (answers.clientCompliant === 'yes' || answers.clientCompliant === 'no') {
    facts = { ...facts, compliant: answers.clientCompliant === 'yes' };
  }
  return facts;
}

/**
 * Where the client PC is a registered Entra device (dsregcmd printed its DeviceId) and the admin did not say
 * whether it is compliant, Graph's `device.isCompliant` says; without Device.Read.All it stays unknown.
 */
async function withGraphCompliance(ctx: DiscoverContext, client: ClientFacts): Promise<ClientFacts> {
  const find = ctx.gateway.graph.findDeviceById;
  if (client.compliant !== undefined || !client.deviceId || !find) return client;
  const deviceId = client.deviceId;
  const device = await readContextual(
    ctx,
    {
      step: 'client-readiness',
      key: `client-device:${deviceId}`,
      resource: `graph:/devices(deviceId='${deviceId}')`,
      what: 'the client device',
      operation: 'graph.devices.read',
    },
    () => find.call(ctx.gateway.graph, deviceId),
    undefined,
  );
  return device?.isCompliant === undefined ? client : { ...client, compliant: device.isCompliant };
}

export async function discover(ctx: DiscoverContext): Promise<void> {
  ctx.progress('Reading registered authentication methods and the client PC…');
  const authMethods = async () => {
    await ensurePrincipals(ctx);
    const userIds = selectedUsers(ctx.snapshot, ctx.answers).map((u) => u.id);
    if (userIds.length === 0) return {};
    // Users whose methods are not in the snapshot are not checked: unknown, never "no method".
    const methods =
      (await readContextual(
        ctx,
        {
          step: 'client-readiness',
          key: FACT_KEYS.authMethods,
          resource: 'graph:/users/{id}/authentication/methods',
          what: "the selected users' registered authentication methods",
          operation: 'graph.authMethods.read',
        },
        () => ctx.gateway.graph.getAuthMethods(userIds),
        undefined,
      )) ?? {};
    for (const [id, facts] of Object.entries(methods)) {
      const refused = facts.registrationUnread;
      delete facts.registrationUnread;
      if (refused === undefined) continue;
      recordUnread(
        ctx.snapshot,
        unreadFrom(
          {
            step: 'client-readiness',
            key: FACT_KEYS.registrationDetails,
            resource: `graph:/reports/authenticationMethods/userRegistrationDetails/${id}`,
            what: 'the authentication method registration report',
            operation: 'graph.registrationDetails.read',
            scope: 'the tenant',
          },
          refused,
        ),
      );
    }
    return methods;
  };
  const [methods, client] = await Promise.all([authMethods(), readClientFacts(ctx.answers)]);
  ctx.snapshot.authMethods = { ...ctx.snapshot.authMethods, ...methods };
  if (client) ctx.snapshot.client = await withGraphCompliance(ctx, client);
}
