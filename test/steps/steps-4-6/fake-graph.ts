/** An in-memory Graph for handler tests: only the operations steps 4–6 call, recording every write. */

import type { ApplyContext } from '../../../src/apply/contract';
import type { Gateway, GraphOperations } from '../../../src/azure/operations';
import { UserError } from '../../../src/errors';
import type { CaPolicyFacts, PerUserMfaState, ServicePrincipalFacts } from '../../../src/plan/snapshot';

export interface FakeGraphState {
  sps: Record<string, ServicePrincipalFacts>;
  policies: CaPolicyFacts[];
  securityDefaults: boolean;
  perUser: Record<string, PerUserMfaState>;
  forbidCaWrites?: boolean;
}

export function fakeGateway(state: FakeGraphState) {
  const writes: string[] = [];
  const graph: Partial<GraphOperations> = {
    async getServicePrincipals(appIds) {
      return Object.fromEntries(appIds.map((a) => [a, state.sps[a] ?? null]));
    },
    async createServicePrincipal(appId) {
      const existing = state.sps[appId];
      if (existing) return { sp: existing, created: false };
      writes.push(`POST servicePrincipals ${appId}`);
      state.sps[appId] = { id: `sp-${appId}`, appId, displayName: `App ${appId}` };
      return { sp: state.sps[appId]!, created: true };
    },
    async listCaPolicies() {
      return structuredClone(state.policies);
    },
    async createCaPolicy(body) {
      if (state.forbidCaWrites) throw new UserError('forbidden', 'Forbidden (403)', undefined, 2, { status: 403 });
      writes.push(`POST policies ${body.displayName}`);
      const p = { ...structuredClone(body), id: `pol-${state.policies.length + 1}` } as CaPolicyFacts;
      state.policies.push(p);
      return p;
    },
    async updateCaPolicy(id, patch) {
      writes.push(`PATCH policies/${id}`);
      const i = state.policies.findIndex((p) => p.id === id);
      state.policies[i] = { ...state.policies[i]!, ...structuredClone(patch) } as CaPolicyFacts;
      return state.policies[i]!;
    },
    async deleteCaPolicy(id) {
      writes.push(`DELETE policies/${id}`);
      state.policies = state.policies.filter((p) => p.id !== id);
    },
    async getSecurityDefaults() {
      return state.securityDefaults;
    },
    async setSecurityDefaults(enabled) {
      writes.push(`PATCH securityDefaults ${enabled}`);
      state.securityDefaults = enabled;
    },
    async getPerUserMfa(ids) {
      return Object.fromEntries(ids.filter((id) => state.perUser[id]).map((id) => [id, state.perUser[id]!]));
    },
    async setPerUserMfa(id, s) {
      writes.push(`PATCH requirements ${id} ${s}`);
      state.perUser[id] = s;
    },
  };
  const gateway = { cloud: 'AzureCloud', graph, arm: {}, requestCount: () => 0 } as unknown as Gateway;
  const ctx: ApplyContext = { gateway, signal: new AbortController().signal, progress: () => {} };
  return { gateway, ctx, writes, state };
}
