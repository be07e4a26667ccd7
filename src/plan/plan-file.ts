/**
 * The plan file (format version 1): written atomically, read back with every field checked, and refused
 * when a single value changed after it was written (the digest of `digest.ts`). All failures a user can cause
 * are `UserError`s with exit code 2: `plan-invalid`, `plan-version`, `plan-tampered`.
 */
import { open, rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { BugError, UserError } from '../errors';
import { fileSystemError } from '../fs-errors';
import { answersSchema } from './answers';
import { computeDigest, verifyDigest } from './digest';
import { batched, prettyJsonChunks } from './json-chunks';
import { orderById } from './order';
import { readFileNoFollow, replaceFileAtomically } from './safe-files';
import { SIGNATURE_PATTERN } from './signing';
import { ACTION_KINDS, CLOUD_NAMES, FINDING_CODES, type Plan, SEVERITIES, STEP_ID_PATTERN } from './types';

export { canonicalJson, computeDigest, verifyDigest } from './digest';

export const PLAN_VERSION = 1;
export const PLAN_TOOL = 'entra-vm-login';

/** Where apply keeps its journal for a plan file: next to it, so that re-running `apply <file>` resumes. */
export function journalPathFor(planPath: string): string {
  return `${planPath}.journal.jsonl`;
}

const actionSchema = z
  .object({
    id: z.string().regex(/^a[1-9][0-9]*$/, 'expected an action id like a1'),
    kind: z.enum(ACTION_KINDS),
    step: z.string().regex(STEP_ID_PATTERN),
    target: z.string().min(1),
    summary: z.string(),
    reason: z.string(),
    dependsOn: z.array(z.string()),
    requires: z.string(),
    command: z.string(),
    params: z.record(z.string(), z.unknown()),
  })
  .strict();

const findingSchema = z
  .object({
    code: z.enum(FINDING_CODES),
    severity: z.enum(SEVERITIES),
    step: z.string().regex(STEP_ID_PATTERN),
    target: z.string(),
    message: z.string(),
    remediation: z.string(),
    fixedBy: z.array(z.string()),
  })
  .strict();

export const planSchema = z
  .object({
    version: z.literal(PLAN_VERSION),
    tool: z.literal(PLAN_TOOL),
    createdAt: z.iso.datetime(),
    cloud: z.enum(CLOUD_NAMES),
    tenantId: z.string().min(1),
    answers: answersSchema,
    fingerprint: z.record(z.string(), z.string()),
    actions: z.array(actionSchema),
    findings: z.array(findingSchema),
    digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    signature: z.string().regex(SIGNATURE_PATTERN, 'expected ed25519:<key id>:<signature>').optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const ids = new Set<string>();
    plan.actions.forEach((a, i) => {
      if (ids.has(a.id)) ctx.addIssue({ code: 'custom', path: ['actions', i, 'id'], message: `duplicate id ${a.id}` });
      ids.add(a.id);
    });
    const known = (ref: string) => ids.has(ref);
    plan.actions.forEach((a, i) => {
      for (const dep of a.dependsOn.filter((d) => !known(d))) {
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'dependsOn'], message: `names unknown action ${dep}` });
      }
    });
    plan.findings.forEach((f, i) => {
      for (const ref of f.fixedBy.filter((d) => !known(d))) {
        ctx.addIssue({ code: 'custom', path: ['findings', i, 'fixedBy'], message: `names unknown action ${ref}` });
      }
    });
    if (plan.actions.every((a) => a.dependsOn.every(known))) {
      try {
        orderById(plan.actions);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['actions'], message: (e as Error).message });
      }
    }
  });

/**
 * The exact bytes `writePlanFile` writes and `plan --json` prints: 2-space JSON and a final newline, in
 * blocks of about 64 KB (one action or finding is never split), so a large plan is never one string.
 */
export function* planTextBlocks(plan: Plan): Generator<string> {
  yield* batched(
    (function* () {
      yield* prettyJsonChunks(plan);
      yield '\n';
    })(),
  );
}

/** `planTextBlocks` as one string: for tests and small plans. */
export function serializePlan(plan: Plan): string {
  return [...planTextBlocks(plan)].join('');
}

function invalid(file: string, why: string): UserError {
  return new UserError(
    'plan-invalid',
    `${file} is not a plan file: ${why}`,
    'Create a plan with `entra-vm-login plan --out <file>` and apply that file.',
  );
}

/**
 * Checks and decodes plan file bytes. Order matters: shape (JSON object) → version → digest → schema, so
 * that any changed value in a version-1 plan is reported as tampering rather than as a schema detail.
 */
export function parsePlanBytes(bytes: Uint8Array, file: string): Plan {
  if (bytes.length === 0) throw invalid(file, 'the file is empty');
  if (bytes.includes(0)) throw invalid(file, 'the file is binary, not JSON');
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw invalid(file, 'the file is empty');

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw invalid(file, describeJsonError(e as Error, text));
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(file, 'it holds JSON, but not a plan object');
  }
  const obj = raw as Record<string, unknown>;
  if (!('version' in obj)) throw invalid(file, 'it has no version field');
  if (obj.version !== PLAN_VERSION) {
    const shown = typeof obj.version === 'number' ? String(obj.version) : JSON.stringify(obj.version);
    throw new UserError(
      'plan-version',
      `plan version ${shown} is not supported: this tool reads version ${PLAN_VERSION}`,
      'Create the plan again with this version of entra-vm-login (`entra-vm-login plan --out <file>`).',
    );
  }
  if (typeof obj.digest !== 'string') throw invalid(file, 'it has no digest');
  if (obj.digest !== computeDigest(obj)) {
    throw new UserError(
      'plan-tampered',
      'plan file was modified after it was written',
      'Run `entra-vm-login plan` again to make a fresh plan, review it, then apply that file.',
    );
  }

  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const where = first!.path.length > 0 ? `${first!.path.join('.')}: ` : '';
    const more = rest.length > 0 ? ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})` : '';
    throw invalid(file, `${where}${first!.message}${more}`);
  }
  return parsed.data as Plan;
}

function describeJsonError(e: Error, text: string): string {
  const message = e.message;
  const at = /position (\d+)/.exec(message);
  const endsEarly =
    /end of JSON input|Unterminated string/i.test(message) || (at !== null && Number(at[1]) >= text.trimEnd().length);
  if (endsEarly) return 'the file is truncated (its JSON ends early)';
  // Binary data would be echoed by the parser's message straight into the terminal.
  if (/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(text.slice(0, 4096))) return 'it holds binary data, not JSON';
  return `it is not valid JSON (${message.split('\n')[0]})`;
}

/** Reads and checks a plan file. Throws `UserError` (`plan-invalid`, `plan-version`, `plan-tampered`). */
export async function readPlanFile(path: string): Promise<Plan> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileNoFollow(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ELOOP'
            ? 'it is a symbolic link (apply reads the plan file itself, never through a link)'
            : `it cannot be read (${code ?? (e as Error).message})`;
    throw invalid(path, why);
  }
  return parsePlanBytes(bytes, path);
}

/**
 * Writes the plan atomically: a temporary file in the same directory, fsynced, renamed over `path`, then the
 * directory fsynced, so a crash leaves either the old file or the whole new one. A journal left next to
 * `path` by an apply of a different plan is moved aside (kept for the record), so that applying the new plan
 * starts a fresh journal instead of being refused.
 */
export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  if (!verifyDigest(plan)) throw new BugError('refusing to write a plan whose digest does not match its content');
  const dir = dirname(resolve(path));
  try {
    await replaceFileAtomically(path, planTextBlocks(plan), 0o644);
  } catch (e) {
    throw fileSystemError(e, 'write the plan file', path);
  }
  await fsyncDir(dir);
  await retireForeignJournal(path, plan.digest);
}

async function fsyncDir(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort: some platforms and file systems refuse fsync on directories
  } finally {
    await fh?.close();
  }
}

async function retireForeignJournal(planPath: string, digest: string): Promise<void> {
  const journal = journalPathFor(planPath);
  let text: string;
  try {
    text = (await readFileNoFollow(journal)).toString('utf8');
  } catch {
    return;
  }
  const nl = text.indexOf('\n');
  const firstLine = nl === -1 ? text : text.slice(0, nl);
  let journalDigest: unknown;
  try {
    journalDigest = (JSON.parse(firstLine) as { planDigest?: unknown }).planDigest;
  } catch {
    journalDigest = undefined;
  }
  if (journalDigest === digest) return;
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  await rename(journal, `${planPath}.journal.${stamp}.jsonl`).catch(() => undefined);
}
