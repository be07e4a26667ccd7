/**
 * This step plans no change in the tenant, so it has no handlers: the room stays, empty, so that every step
 * folder has the same rooms and a kind added here later has one obvious home.
 */
import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import type { ActionKind } from '../../src/plan/types';

export const handlers: Partial<Record<ActionKind, ActionHandler>> = {};
export const verifiers: Partial<Record<ActionKind, ActionVerifier>> = {};
