import { describe, expect, it } from 'vitest';
import { APP_IDS } from '../../../src/core/well-known-ids';
import type { Action } from '../../../src/plan/types';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import servicePrincipal from '../../../steps/service-principal';
import { missingServicePrincipals } from '../../../steps/shared/sign-in-subjects';
import { fakeGateway } from './fake-graph';
import { answers, baseSnapshot, linuxVm } from './fixtures';

const toAction = (d: ReturnType<typeof servicePrincipal.plan>[number]): Action => ({ ...d, id: 'a1', dependsOn: [] });

describe('service-principal: assess and plan', () => {
  it('plans nothing when every needed service principal exists', () => {
    const s = baseSnapshot();
    expect(stepFindings(servicePrincipal, s, answers())).toEqual([]);
    expect(stepDrafts(servicePrincipal, s, answers())).toEqual([]);
  });

  it('finds the Windows VM Sign-In principal missing and plans to create it', () => {
    const s = baseSnapshot();
    s.servicePrincipals[APP_IDS.windowsVmSignIn] = null;
    const [finding] = stepFindings(servicePrincipal, s, answers());
    expect(finding).toMatchObject({
      code: 'service-principal-missing',
      severity: 'error',
      target: `graph:/servicePrincipals(appId='${APP_IDS.windowsVmSignIn}')`,
      fixedBy: [`create-service-principal:${APP_IDS.windowsVmSignIn}`],
    });
    expect(finding!.message).toContain('does not appear in the Conditional Access app picker');
    expect(finding!.message).toContain('"Microsoft Azure Windows Virtual Machine Sign-in"');
    expect(stepDrafts(servicePrincipal, s, answers())).toEqual([
      {
        key: `create-service-principal:${APP_IDS.windowsVmSignIn}`,
        kind: 'create-service-principal',
        step: 'service-principal',
        target: `graph:/servicePrincipals(appId='${APP_IDS.windowsVmSignIn}')`,
        summary: 'Create the Azure Windows VM Sign-In service principal',
        reason:
          'Conditional Access can only target Azure Windows VM Sign-In once the tenant has its service principal.',
        dependsOn: [],
        requires: 'Cloud Application Administrator or Application Administrator (Application.ReadWrite.All)',
        command: `az ad sp create --id ${APP_IDS.windowsVmSignIn}  # Graph: POST /v1.0/servicePrincipals {"appId":"${APP_IDS.windowsVmSignIn}"}`,
        params: { appId: APP_IDS.windowsVmSignIn, displayName: 'Azure Windows VM Sign-In' },
      },
    ]);
  });

  it('needs the Linux app only for Linux VMs, the Windows app when no VM is selected', () => {
    const linux = baseSnapshot({ vms: [linuxVm()] });
    expect(
      missingServicePrincipals(
        { ...linux, servicePrincipals: Object.fromEntries(Object.values(APP_IDS).map((a) => [a, null])) },
        answers({ connections: ['ssh'] }),
      ),
    ).toEqual([APP_IDS.linuxVmSignIn]);
    const none = baseSnapshot({
      vms: [],
      servicePrincipals: Object.fromEntries(Object.values(APP_IDS).map((a) => [a, null])),
    });
    expect(missingServicePrincipals(none, answers({ ca: 'none' }))).toEqual([APP_IDS.windowsVmSignIn]);
    expect(missingServicePrincipals(none, answers())).toEqual([
      APP_IDS.windowsVmSignIn,
      APP_IDS.microsoftRemoteDesktop,
      APP_IDS.windowsCloudLogin,
    ]);
  });

  it('discovers the apps it needs through the gateway', async () => {
    const { gateway } = fakeGateway({ sps: {}, policies: [], securityDefaults: false, perUser: {} });
    const s = baseSnapshot({ servicePrincipals: {} });
    await servicePrincipal.discover({ gateway, answers: answers(), snapshot: s, progress: () => {} });
    expect(s.servicePrincipals).toEqual({
      [APP_IDS.windowsVmSignIn]: null,
      [APP_IDS.microsoftRemoteDesktop]: null,
      [APP_IDS.windowsCloudLogin]: null,
    });
  });
});

describe('service-principal: handler', () => {
  it('creates once, then reports already-done', async () => {
    const { ctx, writes } = fakeGateway({ sps: {}, policies: [], securityDefaults: false, perUser: {} });
    const s = baseSnapshot();
    s.servicePrincipals[APP_IDS.windowsVmSignIn] = null;
    const action = toAction(stepDrafts(servicePrincipal, s, answers())[0]!);
    const handler = servicePrincipal.handlers['create-service-principal']!;
    expect((await handler(action, ctx)).outcome).toBe('done');
    expect((await handler(action, ctx)).outcome).toBe('already-done');
    expect(writes).toEqual([`POST servicePrincipals ${APP_IDS.windowsVmSignIn}`]);
    expect(await servicePrincipal.verifiers!['create-service-principal']!(action, ctx.gateway)).toBeUndefined();
  });
});
