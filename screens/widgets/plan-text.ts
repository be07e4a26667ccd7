import { ACTION_KIND_INFO } from '../../src/plan/glyphs-and-wording';
import { summarize } from '../../src/plan/planner';
import type { Action } from '../../src/plan/types';
import { isArmId, shortTarget } from './format';

/** "Plan: 3 to create, 2 to change.": the planner's own summary line, so every renderer says the same. */
export function countsLine(actions: readonly Action[]): string {
  return summarize({ actions: [...actions], findings: [] }).line;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Progress wording once done, noun + past participle, naming what a person would look for: "Extension
 * installed on vm-web-01", "Virtual Machine User Login assigned to bob@contoso.com on vm-web-01",
 * "Conditional Access policy created: <name>". Never a Graph path.
 */
export function doneText(a: Action): string {
  const done = ACTION_KIND_INFO[a.kind].doneText;
  const params = a.params as Record<string, unknown>;
  switch (a.kind) {
    case 'assign-role': {
      const m = /^Assign (.+) to (.+) on (.+)$/.exec(a.summary);
      return m ? `${m[1]} assigned to ${m[2]} on ${m[3]}` : `${done} on ${shortTarget(a.target)}`;
    }
    case 'create-service-principal': {
      const name = text(params.displayName);
      return name ? `${done} for ${name}` : done;
    }
    case 'create-ca-policy': {
      const name = text((params.body as Record<string, unknown> | undefined)?.displayName);
      return name ? `${done}: ${name}` : done;
    }
    case 'update-ca-policy': {
      const name = text(params.displayName);
      return name ? `${done}: ${name}` : done;
    }
    default: {
      if (isArmId(a.target)) return `${done} on ${shortTarget(a.target)}`;
      const who = / for (\S+)$/.exec(a.summary)?.[1];
      return who ? `${done} for ${who}` : a.kind === 'disable-security-defaults' ? `${done} (tenant-wide)` : done;
    }
  }
}
