import { describe, expect, it } from 'vitest';
import { COLLECT_AFTER_DISCOVERY_FROM_VMS, collectsAround } from '../../../src/workflows/discover';

describe('the full collections around a discovery', () => {
  it('the wizard collects before and after, whatever the tenant size', () => {
    expect(collectsAround(true, 0)).toEqual({ before: true, after: true });
    expect(collectsAround(true, 12)).toEqual({ before: true, after: true });
  });

  it('a batch command collects only after discovering a fleet', () => {
    expect(collectsAround(false, 1000)).toEqual({ before: false, after: false });
    expect(collectsAround(false, COLLECT_AFTER_DISCOVERY_FROM_VMS - 1)).toEqual({ before: false, after: false });
    expect(collectsAround(false, COLLECT_AFTER_DISCOVERY_FROM_VMS)).toEqual({ before: false, after: true });
    expect(collectsAround(false, 20_000)).toEqual({ before: false, after: true });
  });
});
