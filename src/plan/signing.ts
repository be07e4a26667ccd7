/**
 * Optional plan provenance: `plan --sign` signs the plan's digest with a local Ed25519 key, and
 * `apply --require-signature` refuses a plan without a valid signature from that key. The digest alone only
 * detects accidents: anyone who edits a plan can recompute it. The signature can only be made with the key.
 *
 * The key is created on first use in the state directory, readable by its owner only (0600). The signed text
 * is a fixed prefix plus the digest, and the digest covers every value of the plan except `digest` and
 * `signature` themselves.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors';
import { createExclusive, readFileNoFollow } from './safe-files';
import type { Plan } from './types';

export const SIGNING_KEY_FILE = 'plan-signing-key.pem';
const PREFIX = 'entra-vm-login plan signature v1\n';
export const SIGNATURE_PATTERN = /^ed25519:[0-9a-f]{16}:[A-Za-z0-9+/]{86}==$/;

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key: names the key in a signature and in messages. */
  id: string;
  path: string;
}

function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

function fromPem(pem: Buffer, path: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new UserError(
      'bad-input',
      `${path} is not a plan signing key`,
      `Move it away; a new key is made on the next plan --sign.`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new UserError(
      'bad-input',
      `${path} is not an Ed25519 key`,
      'Move it away; a new key is made on the next plan --sign.',
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, id: keyId(publicKey), path };
}

/** The key in `dir`, or undefined when there is none. Refuses a key that others can read, or a link. */
export async function loadSigningKey(dir: string): Promise<SigningKey | undefined> {
  const path = join(dir, SIGNING_KEY_FILE);
  let pem: Buffer;
  try {
    pem = await readFileNoFollow(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(
      'bad-input',
      `cannot read the plan signing key ${path} (${code === 'ELOOP' ? 'it is a symbolic link' : code})`,
      'The key must be a regular file in the state directory.',
    );
  }
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new UserError(
      'bad-input',
      `the plan signing key ${path} can be read by other users`,
      `Run 'chmod 600 ${path}', or delete it and sign the plan again with a new key.`,
    );
  }
  return fromPem(pem, path);
}

/** The key in `dir`, created (0600, in a 0700 directory when new) on first use. */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  const existing = await loadSigningKey(dir);
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  try {
    await createExclusive(join(dir, SIGNING_KEY_FILE), pem, 0o600);
  } catch (e) {
    // Another process made one first: use that.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return (await loadSigningKey(dir))!;
}

/** The plan with its signature: over the digest, which covers everything else. */
export function signPlan(plan: Plan, key: SigningKey): Plan {
  const sig = sign(null, Buffer.from(PREFIX + plan.digest, 'utf8'), key.privateKey).toString('base64');
  return { ...plan, signature: `ed25519:${key.id}:${sig}` };
}

export type SignatureCheck =
  | { status: 'unsigned' }
  | { status: 'valid'; keyId: string }
  /** Signed by a key this machine does not have: cannot be checked here. */
  | { status: 'unknown-key'; keyId: string }
  | { status: 'invalid'; keyId: string };

export function checkSignature(plan: Plan, key: SigningKey | undefined): SignatureCheck {
  if (plan.signature === undefined) return { status: 'unsigned' };
  const [, id = '', sig = ''] = plan.signature.split(':');
  if (!key || key.id !== id) return { status: 'unknown-key', keyId: id };
  const ok = verify(null, Buffer.from(PREFIX + plan.digest, 'utf8'), key.publicKey, Buffer.from(sig, 'base64'));
  return ok ? { status: 'valid', keyId: id } : { status: 'invalid', keyId: id };
}
