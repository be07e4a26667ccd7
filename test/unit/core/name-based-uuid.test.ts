import { v5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../../../src/core/name-based-uuid';

describe('uuidV5', () => {
  const namespaces = ['3d6f0a52-8c1b-5e4f-9a27-6b0e4c81d2f3', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'];
  const names = [
    '',
    'www.example.com',
    '/subscriptions/0000/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-01|p1|role',
    'ünïcödé ✓ 𝄞',
  ];

  it('gives the UUIDs the uuid package gives for the same namespace and name', () => {
    for (const ns of namespaces) for (const name of names) expect(uuidV5(name, ns)).toBe(v5(name, ns));
  });

  it('matches the RFC 9562 example (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives for a name in parts the UUID of the parts joined', () => {
    for (const ns of namespaces) {
      for (const name of names) {
        const parts = name.split('|').flatMap((p, i) => (i === 0 ? [p] : ['|', p]));
        expect(uuidV5(parts, ns)).toBe(v5(name, ns));
      }
      // Multi-byte characters split across parts still hash as their UTF-8 bytes.
      expect(uuidV5(['ünï', 'cödé ✓ ', '𝄞'], ns)).toBe(v5('ünïcödé ✓ 𝄞', ns));
    }
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/not a UUID/);
  });
});
