/** The bench's split of a plan's requests, and the page chain that sets a floor under its time at latency. */
import { describe, expect, it } from 'vitest';
import { breakdown, type LoggedRequest } from '../../../bench/proc';

const get = (path: string, query?: string): LoggedRequest => ({ method: 'GET', path, query, status: 200 });
const VMS = '/subscriptions/s1/providers/Microsoft.Compute/virtualMachines';
const NICS = '/subscriptions/s1/providers/Microsoft.Network/networkInterfaces';

describe('breakdown', () => {
  it('counts the pages of each listing and keeps the longest run of them', () => {
    const log: LoggedRequest[] = [
      get(VMS, 'api-version=1&statusOnly=true'),
      get(NICS, 'api-version=2'),
      get(VMS, 'api-version=1&statusOnly=true&%24skiptoken=MTAw'),
      get(NICS, '$skiptoken=MTAw&api-version=2'),
      // The skip token first: the same listing still.
      get(VMS, '%24skiptoken=MjAw&statusOnly=true&api-version=1'),
      // Another listing of the same path (without statusOnly) is a chain of its own.
      get(VMS, 'api-version=1'),
      { method: 'POST', path: '/graph/v1.0/$batch', status: 200, inner: [get('/users/a'), get('/users/b')] },
    ];
    expect(breakdown(log)).toEqual({ constant: 3, furtherPages: 3, batches: 1, lookups: 2, longestChain: 3 });
  });

  it('counts a write to a listing path apart from its pages', () => {
    const log = [get(VMS, 'api-version=1'), { method: 'PUT', path: VMS, query: 'api-version=1', status: 201 }];
    expect(breakdown(log).longestChain).toBe(1);
  });
});
