/**
 * `what-if`: which Conditional Access policies apply to one sign-in and what they decide, offline on an exported
 * policies file, or against the tenant (policies, the user's groups, roles and registered methods, security
 * defaults read through the gateway). Read-only either way.
 */
import { readFile } from 'node:fs/promises';
import { appsForConnection, type ClientAppType, clientAppTypeFor } from '../checks/ca-evaluator';
import type { DeviceState } from '../checks/device-state';
import { parsePoliciesFile, type WhatIfInput, whatIf } from '../checks/what-if';
import { UserError } from '../errors';
import { renderWhatIfJson, renderWhatIfText } from '../output/what-if';
import type { AuthMethodFacts, ExternalUserKind } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { connect } from '../workflows/connect';
import { type CliIO, type GlobalOptions, progressTo, wantsColor } from '../workflows/io';
import { isGuid } from './validate';
import type { DeviceOption } from './what-if-options';

export interface WhatIfOptions extends GlobalOptions {
  policies?: string;
  user: string;
  groups?: string[];
  roles?: string[];
  guestKind?: ExternalUserKind;
  homeTenant?: string;
  app?: string;
  connection?: ConnectionMethod;
  os?: 'windows' | 'linux';
  clientAppType?: ClientAppType;
  device?: DeviceOption;
  methods?: string[];
  json?: boolean;
}

/** `--device`: a compliant device is taken as Entra joined; the others as not (known to be) compliant. */
export function deviceFromOption(d: DeviceOption = 'unknown'): DeviceState {
  const source = `--device ${d}`;
  switch (d) {
    case 'compliant':
      return { join: 'entra-joined', compliant: 'yes', source };
    case 'joined':
      return { join: 'entra-joined', compliant: 'no', source };
    case 'hybrid':
      return { join: 'hybrid-joined', compliant: 'no', source };
    case 'registered':
      return { join: 'registered', compliant: 'no', source };
    case 'none':
      return { join: 'none', compliant: 'no', source };
    case 'unknown':
      return { join: 'unknown', compliant: 'unknown', source };
  }
}

function appsFrom(opts: WhatIfOptions): string[] {
  if (opts.app && opts.connection) {
    throw new UserError(
      'bad-input',
      'give --app or --connection, not both',
      'An app id names one app; a connection method names the apps it signs in to.',
    );
  }
  if (opts.app) return [opts.app];
  const method = opts.connection ?? 'rdp-web-account';
  const os = opts.os ?? (method === 'ssh' ? 'linux' : 'windows');
  const apps = appsForConnection(method, os === 'linux' ? 'Linux' : 'Windows');
  if (apps.length === 0)
    throw new UserError(
      'bad-input',
      `${method} cannot connect to a ${os} VM`,
      'Use --os linux with ssh, --os windows with RDP.',
    );
  return apps;
}

export async function runWhatIfCommand(opts: WhatIfOptions, io: CliIO): Promise<number> {
  const apps = appsFrom(opts);
  const base = {
    apps,
    connection: opts.app ? undefined : (opts.connection ?? 'rdp-web-account'),
    clientAppType:
      opts.clientAppType ?? (opts.connection ? clientAppTypeFor(opts.connection) : 'mobileAppsAndDesktopClients'),
    device: deviceFromOption(opts.device),
  };
  const input: WhatIfInput = opts.policies ? await offline(opts, base) : await fromTenant(opts, io, base);
  const report = whatIf(input);
  io.stdout.write(opts.json ? renderWhatIfJson(report) : renderWhatIfText(report, { color: wantsColor(opts, io) }));
  return 0;
}

type Base = Pick<WhatIfInput, 'apps' | 'connection' | 'clientAppType' | 'device'>;

async function offline(opts: WhatIfOptions, base: Base): Promise<WhatIfInput> {
  const file = opts.policies!;
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UserError(
      'bad-input',
      `cannot read ${file} (${e.code ?? e.message})`,
      'Check the path given to --policies.',
    );
  });
  const kind = opts.guestKind;
  return {
    ...base,
    policies: parsePoliciesFile(text, file),
    user: {
      id: opts.user,
      userPrincipalName: isGuid(opts.user) ? undefined : opts.user,
      memberOf: opts.groups ?? [],
      roleTemplateIds: opts.roles ?? [],
      userType: kind === 'internalGuest' || kind === 'b2bCollaborationGuest' ? 'Guest' : 'Member',
      externalKind: kind,
      homeTenantId: opts.homeTenant,
    },
    methods: opts.methods,
  };
}

async function fromTenant(opts: WhatIfOptions, io: CliIO, base: Base): Promise<WhatIfInput> {
  const progress = progressTo(io);
  const conn = await connect(opts, io, { interactive: 'browser', onDeviceCode: progress, cancel: io.interrupt });
  try {
    if (conn.simulated) progress('Using the built-in simulated tenant (--demo): nothing real is read or changed.');
    progress('Reading Conditional Access policies and the user…');
    const graph = conn.gateway.graph;
    const [policies, securityDefaultsEnabled, [lookup]] = await Promise.all([
      graph.listCaPolicies(),
      graph.getSecurityDefaults(),
      graph.resolvePrincipals([opts.user]),
    ]);
    const user = lookup?.principal;
    if (user?.kind !== 'user') {
      throw new UserError('bad-input', `user ${opts.user} was not found in the directory`, 'Give a UPN or object id.');
    }
    const registered = opts.methods ? undefined : (await graph.getAuthMethods([user.id]))[user.id];
    return {
      ...base,
      policies,
      securityDefaultsEnabled,
      user: {
        ...user,
        memberOf: [...user.memberOf, ...(opts.groups ?? [])],
        roleTemplateIds: [...user.roleTemplateIds, ...(opts.roles ?? [])],
        ...(opts.guestKind ? { externalKind: opts.guestKind } : {}),
        ...(opts.homeTenant ? { homeTenantId: opts.homeTenant } : {}),
      },
      methods: opts.methods ?? registeredModes(registered),
    };
  } finally {
    await conn.close();
  }
}

/** The tenant's registration report, or the method counts read per user, as `methodsRegistered` values. */
function registeredModes(m: AuthMethodFacts | undefined): string[] | undefined {
  if (!m) return undefined;
  const out = new Set(m.methodsRegistered);
  if (m.windowsHelloForBusiness > 0) out.add('windowsHelloForBusiness');
  if (m.fido2 > 0) out.add('fido2SecurityKey');
  if (m.microsoftAuthenticator > 0 && m.methodsRegistered.length === 0) out.add('microsoftAuthenticatorPush');
  return [...out];
}
