/**
 * The building blocks of the closed parameter schemas of every action kind. A plan file can be edited by
 * anyone who can write to it, and its digest recomputed; these schemas are what stops an edited plan from
 * making apply write something this tool never plans (Owner at subscription scope, another extension, a policy
 * for other apps). Each step keeps the schemas of the kinds it owns next to its handlers.
 */
import * as z from 'zod';
import type { Answers } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import type { CloudName } from '../../src/plan/types';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const guid = z.string().regex(GUID, 'expected a GUID');

/** An ARM id of `…/providers/<provider>/<type>/<name>` in a resource group: no extra segments, no query. */
export function armId(provider: string, type: string): z.ZodString {
  const re = new RegExp(
    `^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/?#]+/providers/${provider.replace(/\./g, '\\.')}/${type}/[^/?#]+$`,
    'i',
  );
  return z.string().regex(re, `expected the id of a ${provider}/${type}`);
}

export const vmId = armId('Microsoft.Compute', 'virtualMachines');

/** What an action shows: rendered from its parameters at plan time and again at apply time. */
export interface ActionDisplay {
  target: string;
  summary: string;
  command: string;
}

/** The contract of one action kind: its closed parameters, what it shows, and what it may touch. */
export interface ActionKindSpec<P = unknown> {
  /** Strict: unknown fields and values outside what the tool writes are refused. */
  params: z.ZodType<P>;
  /** The action's target, summary and equivalent command, from its parameters alone. */
  describe(params: P, cloud: CloudName): ActionDisplay;
  /**
   * Against the tenant re-read before the first write: the parameters name only what the plan's answers
   * select (a selected VM, a selected principal…). `field: why` when they do not.
   */
  inScope?(params: P, snapshot: Snapshot, answers: Answers): string | undefined;
  /**
   * Against the plan's own answers alone, before anything is read: for kinds whose every legitimate value
   * follows from the answers (enforcement's scope and mode). `field: why` when the parameters go beyond them.
   */
  inAnswers?(params: P, answers: Answers): string | undefined;
}

/** Declares a kind's contract with its parameter type inferred from the schema. */
export function actionKind<S extends z.ZodType>(spec: ActionKindSpec<z.infer<S>> & { params: S }): ActionKindSpec {
  return spec as unknown as ActionKindSpec;
}

/** The name (last segment) of an ARM id. */
export const nameOf = (id: string): string => id.split('/').at(-1) ?? id;
