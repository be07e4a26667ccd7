/**
 * The import floors, checked from the code's own import statements: which folder may import which, which
 * folders must stay pure (no Ink, React or SDK), and that no file imports itself back through others.
 * `checkFloors` is pure over a list of files so a test can plant a violation and see it reported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Rooms from the ground up. A file may import files of its own room or of any room on a lower floor; rooms on
 * the same floor may not import each other. The first matching prefix decides a file's room.
 */
export const FLOORS: readonly (readonly string[])[] = [
  ['src/errors.ts', 'src/marks.ts', 'src/redact.ts'],
  ['src/core/', 'src/fs-errors.ts'],
  ['src/plan/'],
  ['src/checks/'],
  ['src/azure/'],
  ['src/emulator/', 'src/apply/'],
  ['steps/shared/'],
  ['steps/'],
  ['steps/registry.ts'],
  ['src/machine/', 'src/doctor/', 'src/output/'],
  ['src/workflows/'],
  ['screens/'],
  ['src/wizard/'],
  ['src/commands/'],
  ['src/cli.ts'],
];

/** Rooms whose files decide and never draw or call Azure: they import no Ink, React or SDK package. */
export const PURE: readonly RegExp[] = [
  /^src\/core\//,
  /^src\/plan\//,
  /^src\/checks\//,
  /^src\/machine\//,
  /^steps\/[^/]+\/rules\.ts$/,
  /^steps\/[^/]+\/view\.ts$/,
];

const IMPURE_PACKAGES = /^(ink|ink-[\w-]+|react|react-dom|@azure\/[\w-]+|@microsoft\/[\w-]+)(\/.*)?$/;

export interface SourceFile {
  /** Path relative to the repository root, with `/`. */
  path: string;
  text: string;
}

export interface Violation {
  kind: 'upward' | 'sideways' | 'impure' | 'cycle' | 'unplaced';
  message: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const re of [IMPORT, DYNAMIC]) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

function roomOf(path: string): { floor: number; room: string } | undefined {
  // A file named on its own (steps/registry.ts) wins over the folder it sits in.
  const exact = FLOORS.findIndex((rooms) => rooms.includes(path));
  if (exact >= 0) return { floor: exact, room: path };
  for (let floor = 0; floor < FLOORS.length; floor++) {
    for (const room of FLOORS[floor]!) {
      if (room.endsWith('/') && path.startsWith(room)) {
        // Each step folder is its own room on the steps floor.
        if (room === 'steps/') return { floor, room: path.split('/').slice(0, 2).join('/') };
        return { floor, room };
      }
    }
  }
  return undefined;
}

function resolveImport(from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  const base = join(dirname(from), spec).replace(/\\/g, '/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

export function checkFloors(files: readonly SourceFile[]): Violation[] {
  const known = new Set(files.map((f) => f.path));
  const violations: Violation[] = [];
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const here = roomOf(file.path);
    if (!here) {
      violations.push({ kind: 'unplaced', message: `${file.path} is in no room of the floor plan` });
      continue;
    }
    const targets: string[] = [];
    for (const spec of importsOf(file.text)) {
      if (!spec.startsWith('.')) {
        if (PURE.some((re) => re.test(file.path)) && IMPURE_PACKAGES.test(spec)) {
          violations.push({ kind: 'impure', message: `${file.path} imports ${spec}: its room must stay pure` });
        }
        continue;
      }
      const target = resolveImport(file.path, spec, known);
      if (!target) continue;
      targets.push(target);
      const there = roomOf(target);
      if (!there || there.room === here.room) continue;
      if (there.floor > here.floor) {
        violations.push({
          kind: 'upward',
          message: `${file.path} imports ${target}: ${there.room} is above ${here.room}`,
        });
      } else if (there.floor === here.floor) {
        violations.push({
          kind: 'sideways',
          message: `${file.path} imports ${target}: ${there.room} and ${here.room} share a floor`,
        });
      }
    }
    edges.set(file.path, targets);
  }
  for (const cycle of cycles(edges)) violations.push({ kind: 'cycle', message: `import cycle: ${cycle.join(' → ')}` });
  return violations;
}

/** Strongly connected components of more than one file (Tarjan), each reported once. */
function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The product's source files (not tests, benchmarks or scripts), read from disk. */
export function productFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name))
        out.push({ path: relative(root, full).replace(/\\/g, '/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const top of ['src', 'steps', 'screens']) walk(resolve(root, top));
  return out;
}
