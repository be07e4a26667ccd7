/**
 * Finding users and groups by part of a name, through the real Graph SDK client against the emulator: Graph's
 * `$search` (an advanced query: ConsistencyLevel: eventual) for words and prefixes, and the first page of users
 * and groups for text in the middle of a value ("ext" in a guest's #EXT# UPN, "@").
 */
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRank } from '../../src/azure/graph-ops';
import { startEmulator } from '../../src/emulator';
import { DEMO } from '../../src/emulator/scenarios/demo';
import { dispatcher, graphClient } from '../emulator/clients';
import { gatewayOn } from './harness';

let emu: Awaited<ReturnType<typeof startEmulator>>;
let agent: Agent;
let t: ReturnType<typeof gatewayOn>;

beforeAll(async () => {
  emu = await startEmulator({ scenario: 'demo' });
  agent = dispatcher(emu);
  t = gatewayOn(emu);
});
afterAll(async () => {
  await agent?.close();
  await emu?.close();
});

const names = (found: { userPrincipalName?: string; displayName: string }[]) =>
  found.map((p) => p.userPrincipalName ?? p.displayName);

describe('principal search', () => {
  it('finds the guest by "ext" and "#EXT#", in the middle of its UPN', async () => {
    for (const text of ['ext', '#EXT#', 'fabrikam']) {
      const found = await t.gateway.graph.searchPrincipals!(text, 8);
      expect(names(found), text).toContain(DEMO.users.guest.upn);
      expect(found.find((p) => p.userPrincipalName === DEMO.users.guest.upn)?.userType).toBe('Guest');
    }
  });

  it('finds users by "@" and by a word of the display name, users and groups by part of a name', async () => {
    expect((await t.gateway.graph.searchPrincipals!('@', 8)).length).toBeGreaterThanOrEqual(5);
    expect(names(await t.gateway.graph.searchPrincipals!('Lee', 8))).toContain(DEMO.users.guest.upn);
    expect(names(await t.gateway.graph.searchPrincipals!('users', 8))).toContain(DEMO.groups.vmUsers.name);
    expect(names(await t.gateway.graph.searchPrincipals!('zzzz-nobody', 8))).toEqual([]);
  });

  it('puts the exact and starts-with matches first', async () => {
    const found = await t.gateway.graph.searchPrincipals!('alice@contoso.com', 8);
    expect(names(found)[0]).toBe(DEMO.users.alice.upn);
    expect(matchRank('al', ['Alice Martin'])).toBe(1);
    expect(matchRank('mart', ['Alice Martin'])).toBe(2);
    expect(matchRank('ext', ['pat_fabrikam.com#EXT#@contoso.onmicrosoft.com'])).toBe(2);
    expect(matchRank('tin', ['Alice Martin'])).toBe(3);
    expect(matchRank('x', ['Alice Martin'])).toBeUndefined();
  });

  it('sends $search as an advanced query: the service refuses it without ConsistencyLevel: eventual', async () => {
    const graph = graphClient(emu, agent);
    await expect(graph.api('/users').search('"displayName:alice"').get()).rejects.toMatchObject({
      statusCode: 400,
      code: 'Request_UnsupportedQuery',
    });
    const ok = await graph.api('/users').header('ConsistencyLevel', 'eventual').search('"displayName:alice"').get();
    expect(ok.value.map((u: { userPrincipalName: string }) => u.userPrincipalName)).toEqual([DEMO.users.alice.upn]);
    // Words of the display name in any order, each the start of a word; other properties by prefix.
    const words = await graph
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .search('"displayName:lee pat" OR "userPrincipalName:bob"')
      .get();
    expect(words.value.map((u: { userPrincipalName: string }) => u.userPrincipalName).sort()).toEqual(
      [DEMO.users.bob.upn, DEMO.users.guest.upn].sort(),
    );
    const none = await graph
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .search('"userPrincipalName:ext"')
      .get();
    expect(none.value).toEqual([]);
  });
});
