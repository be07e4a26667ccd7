import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFloors, importsOf, productFiles, type SourceFile } from './import-floors';

const ROOT = resolve(import.meta.dirname, '../..');

describe('import floors', () => {
  it('the product keeps every floor: no upward or sideways import, pure rooms pure, no cycle', () => {
    const files = productFiles(ROOT);
    expect(files.length).toBeGreaterThan(100);
    expect(checkFloors(files)).toEqual([]);
  });

  it('reads static, type-only, re-export and dynamic imports', () => {
    expect(
      importsOf(
        "import a from './a';\nimport type { B } from '../b';\nexport { c } from './c';\nconst d = await import('./d');\nimport './e';",
      ),
    ).toEqual(['./a', '../b', './c', './e', './d']);
  });

  it('reports a planted violation of each kind', () => {
    const planted: SourceFile[] = [
      // A pure rule drawing with Ink and calling an SDK.
      {
        path: 'src/checks/bad.ts',
        text: "import { Box } from 'ink';\nimport { ComputeManagementClient } from '@azure/arm-compute';",
      },
      // A floor reaching up to the wizard.
      { path: 'src/plan/up.ts', text: "import { App } from '../wizard/App';" },
      { path: 'src/wizard/App.tsx', text: '' },
      // One step reaching into another step's folder (steps share through steps/shared).
      { path: 'steps/a/rules.ts', text: "import { x } from '../b/rules';" },
      { path: 'steps/b/rules.ts', text: '' },
      // Two files importing each other.
      { path: 'src/output/one.ts', text: "import { two } from './two';" },
      { path: 'src/output/two.ts', text: "import { one } from './one';" },
      { path: 'elsewhere/x.ts', text: '' },
    ];
    const kinds = checkFloors(planted).map((v) => v.kind);
    expect(kinds.sort()).toEqual(['cycle', 'impure', 'impure', 'sideways', 'unplaced', 'upward']);
  });
});

describe('step folders', () => {
  it('every step folder has the same five rooms', () => {
    const rooms = ['apply.ts', 'discover.ts', 'index.ts', 'rules.ts', 'view.ts'];
    const steps = readdirSync(resolve(ROOT, 'steps'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'shared')
      .map((d) => d.name);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const step of steps) {
      const files = readdirSync(resolve(ROOT, 'steps', step));
      expect(
        rooms.filter((r) => !files.includes(r)),
        `steps/${step} lacks rooms`,
      ).toEqual([]);
    }
  });
});
