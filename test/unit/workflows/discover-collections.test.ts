import { describe, expect, it } from 'vitest';
import { collectsAround, FLEET_COLLECTIONS_FROM_VMS, PLAN_COLLECTION_FROM_VMS } from '../../../src/workflows/discover';

describe('the full collections around a discovery', () => {
  it('the wizard collects before and after, whatever the tenant size', () => {
    expect(collectsAround(true, 0)).toEqual({ before: true, after: true, afterPlanning: false });
    expect(collectsAround(true, 12)).toEqual({ before: true, after: true, afterPlanning: false });
    expect(collectsAround(true, 20_000)).toEqual({ before: true, after: true, afterPlanning: false });
  });

  it('a batch command collects after discovering a fleet, and plan after planning a large one', () => {
    const none = { before: false, after: false, afterPlanning: false };
    const fleet = { before: false, after: true, afterPlanning: false };
    const large = { before: false, after: true, afterPlanning: true };
    expect(collectsAround(false, 1000)).toEqual(none);
    expect(collectsAround(false, FLEET_COLLECTIONS_FROM_VMS - 1)).toEqual(none);
    expect(collectsAround(false, FLEET_COLLECTIONS_FROM_VMS)).toEqual(fleet);
    expect(collectsAround(false, 5000)).toEqual(fleet);
    expect(collectsAround(false, PLAN_COLLECTION_FROM_VMS - 1)).toEqual(fleet);
    expect(collectsAround(false, PLAN_COLLECTION_FROM_VMS)).toEqual(large);
    expect(collectsAround(false, 20_000)).toEqual(large);
  });
});
