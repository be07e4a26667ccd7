/** The plan's dependency graph in `plan --markdown`: per action for a small plan, per kind for a fleet. */
import { describe, expect, it } from 'vitest';
import { mermaidGraph, mermaidLabel, PER_ACTION_LIMIT } from '../../../src/output/mermaid';
import type { Action } from '../../../src/plan/types';

const action = (id: string, kind: Action['kind'], dependsOn: string[] = [], summary = `do ${id}`) =>
  ({ id, kind, dependsOn, summary }) as Action;

describe('mermaidLabel', () => {
  it('keeps a tenant name from ending the label or adding a node or link', () => {
    expect(mermaidLabel('vm"] --> evil["x <b>|y|</b>\nz')).toBe('"vm#quot; -- evil #quot;x b y /b z"');
  });
});

describe('mermaidGraph', () => {
  it('draws one box per action and an arrow to each action that waits', () => {
    const graph = mermaidGraph([action('a1', 'enable-system-identity'), action('a2', 'install-extension', ['a1'])]);
    expect(graph).toEqual(['flowchart LR', '  n0["a1 do a1"]', '  n1["a2 do a2"]', '  n0 --> n1']);
  });

  it('groups a fleet plan by kind with counts, one arrow per pair of kinds', () => {
    const actions: Action[] = [];
    for (let i = 0; i <= PER_ACTION_LIMIT; i++) {
      actions.push(action(`i${i}`, 'enable-system-identity'), action(`x${i}`, 'install-extension', [`i${i}`]));
    }
    const graph = mermaidGraph(actions);
    expect(graph).toHaveLength(4);
    expect(graph[1]).toMatch(/^ {2}k0\[".* enable-system-identity ×41"\]$/);
    expect(graph[2]).toMatch(/^ {2}k1\[".* install-extension ×41"\]$/);
    expect(graph[3]).toBe('  k0 --> k1');
  });

  it('draws nothing for an empty plan', () => {
    expect(mermaidGraph([])).toEqual([]);
  });
});
