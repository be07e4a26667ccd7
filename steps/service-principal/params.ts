/** Closed parameters of `create-service-principal`: only the VM sign-in apps, under their documented names. */
import * as z from 'zod';
import { APP_IDS, APP_NAMES } from '../../src/core/well-known-ids';
import { actionKind } from '../shared/action-params';
import { servicePrincipalApps, spTarget } from '../shared/sign-in-subjects';

const VM_SIGN_IN_APPS = Object.values(APP_IDS) as [string, ...string[]];

export const createServicePrincipalKind = actionKind({
  params: z
    .object({
      appId: z.enum(VM_SIGN_IN_APPS, { error: 'not one of the VM sign-in apps' }),
      displayName: z.string(),
    })
    .strict()
    .refine((p) => p.displayName === APP_NAMES[p.appId], {
      message: 'not the name of that app',
      path: ['displayName'],
    }),
  describe: (p) => ({
    target: spTarget(p.appId),
    summary: `Create the ${p.displayName} service principal`,
    command: `az ad sp create --id ${p.appId}  # Graph: POST /v1.0/servicePrincipals {"appId":"${p.appId}"}`,
  }),
  inScope: (p, snapshot, answers) =>
    servicePrincipalApps(snapshot, answers).includes(p.appId)
      ? undefined
      : 'appId: not an app the chosen connections sign in to',
});
