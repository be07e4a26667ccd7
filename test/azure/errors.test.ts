import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import {
  batchFailure,
  oneLine,
  parseRetryAfter,
  retryAfterFromHeaders,
  translateError,
  translateHttpFailure,
} from '../../src/azure/errors';
import { isTransient, retryAfterMs, UserError } from '../../src/errors';

const VM = '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1';

function restError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
  request.headers.set('authorization', 'Bearer SECRET-TOKEN-VALUE');
  const bodyAsText = JSON.stringify({ error: { code, message } });
  return new RestError(message, {
    statusCode: status,
    code,
    request,
    response: { status, headers: createHttpHeaders(headers), request, bodyAsText },
  });
}

function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const e = new GraphError(status, message);
  e.code = code;
  e.headers = new Headers(headers);
  e.body = JSON.stringify({ code, message });
  return e;
}

describe('Retry-After parsing', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
  it('prefers millisecond headers and reads plain objects case-insensitively', () => {
    expect(retryAfterFromHeaders({ 'Retry-After': '3' }, now)).toBe(3000);
    expect(retryAfterFromHeaders({ 'retry-after': '3', 'x-ms-retry-after-ms': '250' }, now)).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '40' }), now)).toBe(40);
    expect(retryAfterFromHeaders({}, now)).toBeUndefined();
  });
});

describe('403 names what the operation needs', () => {
  const cases: [Parameters<typeof translateError>[1], string][] = [
    [
      { name: 'roleAssignments.write', target: VM },
      `Creating role assignments needs Owner, User Access Administrator or Role Based Access Control Administrator on ${VM} (AuthorizationFailed)`,
    ],
    [
      { name: 'vm.identity.write', target: VM },
      `Enabling the system-assigned identity needs Virtual Machine Contributor on ${VM} (AuthorizationFailed)`,
    ],
    [
      { name: 'vm.extension.write', target: VM },
      `Installing the sign-in extension needs Virtual Machine Contributor on ${VM} (AuthorizationFailed)`,
    ],
    [
      { name: 'vm.read', target: '/subscriptions/s1' },
      'Reading virtual machines needs Reader (or Virtual Machine Contributor) on /subscriptions/s1 (AuthorizationFailed)',
    ],
  ];
  it.each(cases)('ARM %o', (op, message) => {
    const e = translateError(restError(403, 'AuthorizationFailed', 'The client does not have authorization'), op);
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe(message);
    expect(e.details?.status).toBe(403);
    expect(e.details?.operation).toBe(op.name);
  });

  const graphCases: [Parameters<typeof translateError>[1]['name'], string][] = [
    [
      'graph.ca.write',
      'Changing Conditional Access policies needs Policy.ReadWrite.ConditionalAccess consent and the Conditional Access Administrator role (Authorization_RequestDenied)',
    ],
    [
      'graph.servicePrincipals.write',
      'Creating service principals needs Application.ReadWrite.All and Cloud Application Administrator or Application Administrator (Authorization_RequestDenied)',
    ],
    [
      'graph.perUserMfa.write',
      'Changing per-user MFA needs Policy.ReadWrite.AuthenticationMethod and Authentication Policy Administrator (Authorization_RequestDenied)',
    ],
    [
      'graph.securityDefaults.write',
      'Changing security defaults needs Policy.ReadWrite.ConditionalAccess and Security Administrator (Authorization_RequestDenied)',
    ],
    [
      'graph.devices.read',
      'Reading devices needs Device.Read.All (or Directory.Read.All) (Authorization_RequestDenied)',
    ],
  ];
  it.each(graphCases)('Graph %s', (name, message) => {
    const e = translateError(
      graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges'),
      { name },
      'graph',
    );
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe(message);
  });
});

describe('status and code mapping', () => {
  it('429 is throttled with retryAfterMs from Retry-After, and transient', () => {
    const e = translateError(restError(429, 'TooManyRequests', 'slow down', { 'retry-after': '4' }), {
      name: 'vm.read',
    });
    expect(e.code).toBe('throttled');
    expect(retryAfterMs(e)).toBe(4000);
    expect(isTransient(e)).toBe(true);
    const noHeader = translateError(restError(429, 'TooManyRequests', 'slow down'), { name: 'vm.read' });
    expect(retryAfterMs(noHeader)).toBeUndefined();
    expect(isTransient(noHeader)).toBe(true);
  });

  it('Graph 429 reads Retry-After from fetch headers', () => {
    const e = translateError(
      graphError(429, 'TooManyRequests', 'x', { 'Retry-After': '2' }),
      { name: 'graph.ca.read' },
      'graph',
    );
    expect(e.code).toBe('throttled');
    expect(retryAfterMs(e)).toBe(2000);
  });

  it('an inner $batch 429 carries its Retry-After', () => {
    const inner = {
      status: 429,
      headers: { 'Retry-After': '9' },
      body: { error: { code: 'TooManyRequests', message: 'x' } },
    };
    const e = translateHttpFailure(batchFailure(inner), { name: 'graph.principals.read' }, 'graph');
    expect(e.code).toBe('throttled');
    expect(retryAfterMs(e)).toBe(9000);
    expect(e.details?.serviceCode).toBe('TooManyRequests');
  });

  it('5xx is service-unavailable', () => {
    for (const status of [500, 502, 503, 504]) {
      const e = translateError(restError(status, 'InternalError', 'boom'), { name: 'vm.read' });
      expect(e.code).toBe('service-unavailable');
      expect(isTransient(e)).toBe(true);
    }
  });

  it('401 is auth-failed with a re-sign-in hint', () => {
    const e = translateError(restError(401, 'InvalidAuthenticationToken', 'expired'), { name: 'vm.read' });
    expect(e.code).toBe('auth-failed');
    expect(e.message).toBe(
      'The Azure sign-in was rejected while reading virtual machines (InvalidAuthenticationToken)',
    );
    expect(e.hint).toMatch(/az login/);
    expect(isTransient(e)).toBe(false);
  });

  it('PrincipalNotFound is transient so the executor retries it', () => {
    const e = translateError(restError(400, 'PrincipalNotFound', 'Principal 0f0e does not exist in the directory'), {
      name: 'roleAssignments.write',
      target: VM,
    });
    expect(e.code).toBe('service-unavailable');
    expect(e.details?.serviceCode).toBe('PrincipalNotFound');
    expect(isTransient(e)).toBe(true);
  });

  it('404 → not-found, 409 → conflict, other 4xx → azure-error / graph-error', () => {
    expect(translateError(restError(404, 'ResourceNotFound', 'gone'), { name: 'vm.read', target: VM }).code).toBe(
      'not-found',
    );
    const conflict = translateError(restError(409, 'RoleAssignmentExists', 'exists'), {
      name: 'roleAssignments.write',
    });
    expect(conflict.code).toBe('conflict');
    expect(conflict.details?.serviceCode).toBe('RoleAssignmentExists');
    expect(translateError(restError(400, 'InvalidParameter', 'bad'), { name: 'vm.read' }).code).toBe('azure-error');
    expect(translateError(graphError(400, 'Request_BadRequest', 'bad'), { name: 'graph.ca.write' }, 'graph').code).toBe(
      'graph-error',
    );
  });

  it('a full subscription is said as the limit it is, whatever the status, not as a missing permission', () => {
    for (const status of [400, 403]) {
      const e = translateError(
        restError(status, 'RoleAssignmentLimitExceeded', 'No more role assignments can be created.'),
        {
          name: 'roleAssignments.write',
          target: VM,
        },
      );
      expect(e.code).toBe('azure-error');
      expect(e.message).toContain('maximum of 4,000 role assignments');
      expect(e.hint).toContain('--scope resource-group');
      expect(e.details?.serviceCode).toBe('RoleAssignmentLimitExceeded');
    }
  });

  it('resets and socket hang-ups are network errors', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(translateError(reset, { name: 'vm.read' }).code).toBe('network');
    expect(translateError(new Error('socket hang up'), { name: 'vm.read' }).code).toBe('network');
    const wrapped = new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
    expect(translateError(wrapped, { name: 'graph.ca.read' }, 'graph').code).toBe('network');
    const sdk = new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR' });
    const e = translateError(sdk, { name: 'vm.read' });
    expect(e.code).toBe('network');
    expect(isTransient(e)).toBe(true);
    const graphNet = new GraphError(-1, 'ECONNRESET: fetch failed');
    graphNet.code = 'NetworkError';
    expect(translateError(graphNet, { name: 'graph.ca.read' }, 'graph').code).toBe('network');
  });

  it('an untrusted certificate is a configuration problem, not a retry', () => {
    const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const e = translateError(tls, { name: 'vm.read' });
    expect(e.code).toBe('bad-input');
    expect(e.hint).toMatch(/ENTRA_VM_LOGIN_CA_FILE/);
  });

  it('credential failures are auth-required', () => {
    const e = Object.assign(new Error('Azure CLI could not be found'), { name: 'CredentialUnavailableError' });
    const out = translateError(e, { name: 'vm.read' });
    expect(out.code).toBe('auth-required');
    expect(out.hint).toMatch(/az login/);
  });

  it('passes UserErrors through unchanged', () => {
    const original = new UserError('bad-input', 'x');
    expect(translateError(original, { name: 'vm.read' })).toBe(original);
  });
});

describe('messages are one line and carry no token', () => {
  it('flattens and redacts service messages', () => {
    const e = translateError(
      restError(
        400,
        'BadThing',
        'line one\nline two Bearer eyJabc.def.ghi and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      ),
      { name: 'vm.read' },
    );
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toContain('eyJ');
    expect(e.message).not.toContain('SECRET-TOKEN-VALUE');
    expect(e.message).toBe(
      'Reading virtual machines failed (BadThing): line one line two Bearer [redacted] and [redacted]',
    );
  });
  it('truncates long text', () => {
    expect(oneLine('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
