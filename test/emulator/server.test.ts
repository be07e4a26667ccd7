import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, parseFaults, type RunningEmulator, startEmulator } from '../../src/emulator';
import { dispatcher, raw } from './clients';

const VM = `${DEMO.vms.ready}?api-version=2026-04-01`;

describe('emulator: the HTTP front', () => {
  let emu: RunningEmulator;
  let agent: Agent;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: 'demo' });
    agent = dispatcher(emu);
  });
  afterAll(async () => {
    await agent.close();
    await emu.close();
  });

  it('requires the bearer token on ARM and Graph: 401 when missing or different', async () => {
    const noArm = await raw(emu, agent, VM, { token: null });
    expect(noArm.status).toBe(401);
    expect(noArm.body.error.code).toBe('AuthenticationFailed');
    expect(noArm.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const badArm = await raw(emu, agent, VM, { token: 'expired.or.malformed' });
    expect(badArm.status).toBe(401);
    expect(badArm.body.error.code).toBe('InvalidAuthenticationToken');
    const noGraph = await raw(emu, agent, '/graph/v1.0/organization', { token: null });
    expect(noGraph.status).toBe(401);
    expect(noGraph.body.error.code).toBe('InvalidAuthenticationToken');
    expect(noGraph.body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ok = await raw(emu, agent, VM);
    expect(ok.status).toBe(200);
  });

  it('requires api-version on ARM paths', async () => {
    const res = await raw(emu, agent, DEMO.vms.ready);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MissingApiVersionParameter');
  });

  it('keeps idle connections open: only an injected fault or close() ends one', async () => {
    // A server that closes idle connections on a timer resets, now and then, one a client was just reusing:
    // a connection failure that no fault plan injected, which fault-counting tests then see as one too many.
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpsRequest(
        `${emu.armEndpoint}${VM}`,
        { ca: emu.caPem, headers: { authorization: `Bearer ${emu.token}` } },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('keep-alive');
    // Node announces its idle timeout here ("timeout=5") and closes the connection when it passes.
    expect(res.headers['keep-alive']).toBeUndefined();
  });

  it('logs method, path, query, status and write-ness, never the token, and serves the log and state unauthenticated', async () => {
    emu.log.reset();
    await raw(emu, agent, VM);
    await raw(emu, agent, `${DEMO.vms.ready}/extensions/AADLoginForWindows?api-version=2026-04-01`, {
      method: 'PUT',
      token: 'wrong',
    });
    const [get, put] = emu.log.requests();
    expect(get).toMatchObject({
      method: 'GET',
      path: DEMO.vms.ready,
      query: 'api-version=2026-04-01',
      status: 200,
      isWrite: false,
      target: DEMO.vms.ready,
    });
    expect(put).toMatchObject({ method: 'PUT', status: 401, isWrite: true });
    expect(emu.log.writes()).toBe(1);
    const served = await fetch(`${emu.armEndpoint}/_emulator/log`, { dispatcher: agent } as RequestInit);
    const text = await served.text();
    expect(JSON.parse(text).writes).toBe(1);
    expect(text).not.toContain(emu.token.split('.')[2]);
    const stateRes = await fetch(`${emu.armEndpoint}/_emulator/state`, { dispatcher: agent } as RequestInit);
    const state = (await stateRes.json()) as { tenantId: string; vms: unknown[] };
    expect(state.tenantId).toBe(DEMO.tenantId);
    expect(state.vms).toHaveLength(emu.state.vms.size);
  });

  it('drops the connection for a drop fault and logs it with status 0', async () => {
    emu.setFaults('drop=1:times=1@GET:/virtualMachines/vm-web-01');
    emu.log.reset();
    await expect(raw(emu, agent, VM)).rejects.toThrow();
    expect(emu.log.requests().map((r) => r.status)).toEqual([0]);
    expect((await raw(emu, agent, VM)).status).toBe(200);
    emu.setFaults('');
  });

  it('serves 503 faults with ARM and Graph error bodies', async () => {
    emu.setFaults('503=1:retry-after=2');
    const arm = await raw(emu, agent, VM);
    expect([arm.status, arm.body.error.code, arm.headers.get('retry-after')]).toEqual([503, 'ServiceUnavailable', '2']);
    const graph = await raw(emu, agent, '/graph/v1.0/organization');
    expect([graph.status, graph.body.error.code]).toEqual([503, 'serviceNotAvailable']);
    emu.setFaults('');
  });

  it('exposes env() for the product and writes the CA file until close', async () => {
    const other = await startEmulator({ scenario: 'clean' });
    const env = other.env();
    expect(env).toEqual({
      ENTRA_VM_LOGIN_ARM_ENDPOINT: other.armEndpoint,
      ENTRA_VM_LOGIN_GRAPH_ENDPOINT: `${other.armEndpoint}/graph`,
      ENTRA_VM_LOGIN_TOKEN: other.token,
      ENTRA_VM_LOGIN_CA_FILE: other.caFile,
    });
    expect(other.armEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(other.caFile!, 'utf8')).toBe(other.caPem);
    await other.close();
    expect(existsSync(other.caFile!)).toBe(false);
  });

  it('serves plain http on loopback when tls is false', async () => {
    const plain = await startEmulator({ scenario: 'clean', tls: false });
    try {
      expect(plain.armEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(plain.env().ENTRA_VM_LOGIN_CA_FILE).toBeUndefined();
      const res = await fetch(`${plain.armEndpoint}/subscriptions?api-version=2022-12-01`, {
        headers: { authorization: `Bearer ${plain.token}` },
      });
      const body = (await res.json()) as { value: { displayName: string }[] };
      expect(body.value.map((s: { displayName: string }) => s.displayName)).toEqual(['Fabrikam Servers']);
    } finally {
      await plain.close();
    }
  });
});

describe('emulator: fault specs', () => {
  it('parses rates, options and method/path scopes', () => {
    expect(parseFaults('429=0.1:retry-after=1,503=0.05,drop=0.02,latency=50')).toEqual([
      { kind: '429', value: 0.1, retryAfterSeconds: 1, fired: 0 },
      { kind: '503', value: 0.05, fired: 0 },
      { kind: 'drop', value: 0.02, fired: 0 },
      { kind: 'latency', value: 50, fired: 0 },
    ]);
    expect(parseFaults('429=1:times=2@PUT:/roleAssignments/')).toEqual([
      { kind: '429', value: 1, times: 2, method: 'PUT', pathPart: '/roleassignments/', fired: 0 },
    ]);
    expect(parseFaults('')).toEqual([]);
  });

  it.each([['418=1'], ['429=2'], ['429=0.5:bogus=1'], ['latency=-1']])('rejects %s', (spec) => {
    expect(() => parseFaults(spec)).toThrow();
  });

  it('draws rates from the seeded PRNG: the same seed throttles the same requests', async () => {
    const statuses = async () => {
      const emu = await startEmulator({ scenario: 'clean', tls: false, seed: 7, faults: '429=0.5' });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${emu.armEndpoint}/subscriptions?api-version=2022-12-01`, {
          headers: { authorization: `Bearer ${emu.token}` },
        });
        await res.arrayBuffer();
        out.push(res.status);
      }
      await emu.close();
      return out;
    };
    const first = await statuses();
    expect(first).toContain(429);
    expect(first).toContain(200);
    expect(await statuses()).toEqual(first);
  });
});

describe('emulator: close()', () => {
  it('ends a connection whose TLS handshake never finished instead of waiting for it', async () => {
    const emu = await startEmulator({ scenario: 'clean' });
    const socket = connect(Number(new URL(emu.armEndpoint).port), '127.0.0.1');
    await once(socket, 'connect');
    const ended = once(socket, 'close');
    // Without it close() waits out the TLS handshake timeout (two minutes), far past this test's.
    await emu.close();
    await ended;
  }, 5_000);
});

describe('emulator: its certificate file', () => {
  it('is removed when the process exits without close() (a signal ending the wizard or plan --demo)', async () => {
    const before = new Set(process.listeners('exit'));
    const emu = await startEmulator({ scenario: 'clean' });
    try {
      const added = process.listeners('exit').filter((l) => !before.has(l));
      expect(existsSync(emu.caFile!)).toBe(true);
      // What Node runs on process.exit, SIGTERM's default handling aside: every 'exit' listener.
      for (const listener of added) (listener as (code: number) => void)(0);
      expect(existsSync(emu.caFile!)).toBe(false);
    } finally {
      await emu.close();
    }
    expect(process.listeners('exit').filter((l) => !before.has(l))).toEqual([]);
  });
});
