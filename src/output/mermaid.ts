/**
 * The plan's actions and their dependencies as a Mermaid flowchart, for `plan --markdown` (GitHub and Azure
 * DevOps render ```mermaid blocks in change tickets). An arrow runs from an action to one that waits for it.
 * Up to `PER_ACTION_LIMIT` actions each get a box; a fleet's plan (hundreds of actions) would be an unreadable
 * graph past the renderers' size limits, so it is drawn per action kind with counts instead.
 */
import { ACTION_KIND_INFO } from '../plan/glyphs-and-wording';
import type { Action } from '../plan/types';
import { terminalSafe } from '../plan/untrusted';

export const PER_ACTION_LIMIT = 40;

/**
 * A node label: one line, quoted, with what Mermaid would read as structure replaced (quotes become #quot;,
 * brackets and pipes are dropped), so a tenant's VM name cannot end the label or add a node or a link.
 */
export function mermaidLabel(text: string): string {
  const safe = terminalSafe(text.replace(/\s*[\r\n]+\s*/g, ' '))
    .replace(/[[\]{}()<>|`;]/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .replace(/"/g, '#quot;');
  return `"${safe}"`;
}

export function mermaidGraph(actions: readonly Action[]): string[] {
  if (actions.length === 0) return [];
  return actions.length <= PER_ACTION_LIMIT ? perAction(actions) : perKind(actions);
}

function perAction(actions: readonly Action[]): string[] {
  const node = new Map(actions.map((a, i) => [a.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const a of actions) lines.push(`  ${node.get(a.id)}[${mermaidLabel(`${a.id} ${a.summary}`)}]`);
  for (const a of actions) {
    for (const dep of a.dependsOn) {
      const from = node.get(dep);
      if (from) lines.push(`  ${from} --> ${node.get(a.id)}`);
    }
  }
  return lines;
}

function perKind(actions: readonly Action[]): string[] {
  const kinds = [...new Set(actions.map((a) => a.kind))];
  const node = new Map(kinds.map((k, i) => [k, `k${i}`]));
  const byId = new Map(actions.map((a) => [a.id, a]));
  const lines = ['flowchart LR'];
  for (const k of kinds) {
    const n = actions.filter((a) => a.kind === k).length;
    lines.push(`  ${node.get(k)}[${mermaidLabel(`${ACTION_KIND_INFO[k].glyph} ${k} ×${n}`)}]`);
  }
  const edges = new Set<string>();
  for (const a of actions) {
    for (const dep of a.dependsOn) {
      const before = byId.get(dep);
      if (before && before.kind !== a.kind) edges.add(`  ${node.get(before.kind)} --> ${node.get(a.kind)}`);
    }
  }
  return [...lines, ...edges];
}
