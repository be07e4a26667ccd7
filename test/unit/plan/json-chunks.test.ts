import { describe, expect, it } from 'vitest';
import { batched, canonicalJson, prettyJsonChunks, writeCanonicalJson } from '../../../src/plan/json-chunks';
import { fixturePlan } from '../../fixtures/plan';

const samples: unknown[] = [
  null,
  'a "quoted"\nline',
  42,
  [],
  {},
  [1, undefined, () => 1, { a: [] }],
  { b: 1, a: { c: [1, { d: 'x\ny' }], e: undefined, f: {} }, g: [] },
  { when: new Date('2026-12-03T10:00:00Z'), nested: { deeper: { deepest: [{ x: 1 }] } } },
];

/** The canonical form written the slow, obvious way: every container joined from its members' texts. */
function referenceCanonical(value: unknown): string {
  const v = (value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? value;
  const skipped = (x: unknown) => x === undefined || typeof x === 'function';
  if (Array.isArray(v)) return `[${v.map((e) => (skipped(e) ? 'null' : referenceCanonical(e))).join(',')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const o = v as Record<string, unknown>;
  const members = Object.keys(o)
    .sort()
    .filter((k) => !skipped(o[k]))
    .map((k) => `${JSON.stringify(k)}:${referenceCanonical(o[k])}`);
  return `{${members.join(',')}}`;
}

describe('JSON in pieces', () => {
  it('pretty pieces join to exactly JSON.stringify(value, null, 2), at every depth', () => {
    for (const value of [...samples, fixturePlan()]) {
      for (const depth of [0, 1, 2, 3, 5]) {
        expect([...prettyJsonChunks(value, depth)].join('')).toBe(JSON.stringify(value, null, 2));
      }
    }
  });

  it('canonical blocks join to exactly the canonical JSON, keys sorted at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    for (const value of [...samples, fixturePlan()]) {
      for (const size of [1, 7, 64, 1 << 20]) {
        const blocks: string[] = [];
        writeCanonicalJson(value, (b) => blocks.push(b), size);
        expect(blocks.join('')).toBe(referenceCanonical(value));
        expect(blocks.slice(0, -1).every((b) => b.length >= size)).toBe(true);
      }
    }
  });

  it('keeps keys sorted where an object has index-like keys, at any depth', () => {
    expect(canonicalJson({ b: 1, '10': 'x', '2': 'y', a: [{ '1': true, z: undefined }] })).toBe(
      '{"10":"x","2":"y","a":[{"1":true}],"b":1}',
    );
    expect(canonicalJson([{ b: [{ '3': 1, a: 2 }], a: 0 }, undefined])).toBe('[{"a":0,"b":[{"3":1,"a":2}]},null]');
  });

  it('sorts a member nested in an object whose own keys are in order, and one behind a toJSON', () => {
    expect(canonicalJson({ a: { d: 1, c: 2 }, b: [{ y: 1, x: 2 }] })).toBe('{"a":{"c":2,"d":1},"b":[{"x":2,"y":1}]}');
    const later = { toJSON: () => ({ z: 1, m: 2 }) };
    expect(canonicalJson({ a: later, b: 1 })).toBe('{"a":{"m":2,"z":1},"b":1}');
  });

  it('writes a large value whose keys are all in order in blocks, never as one piece', () => {
    const actions = Array.from({ length: 2000 }, (_, i) => ({
      id: `a${i}`,
      kind: 'vm.extension.install',
      target: `vm-${i}`,
    }));
    const blocks: string[] = [];
    writeCanonicalJson({ actions }, (b) => blocks.push(b), 1024);
    expect(blocks.join('')).toBe(referenceCanonical({ actions }));
    // The array's text is about 130 KB; written natively in one piece it would come out as one block.
    expect(Math.max(...blocks.map((b) => b.length))).toBeLessThan(4096);
  });

  it('batches pieces into blocks of at least the asked size, keeping every character', () => {
    const pieces = Array.from({ length: 100 }, (_, i) => `piece-${i};`);
    const blocks = [...batched(pieces, 50)];
    expect(blocks.join('')).toBe(pieces.join(''));
    expect(blocks.slice(0, -1).every((b) => b.length >= 50)).toBe(true);
    expect(blocks.length).toBeGreaterThan(10);
  });
});
