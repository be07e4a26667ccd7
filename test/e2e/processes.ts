/**
 * The processes the end-to-end tests drive: the built CLI (built on demand when dist/ is missing) and the
 * emulator command as a child process whose export lines point the CLI at it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** `npm test` builds first (pretest); a direct `vitest run` on a fresh clone builds here. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}

/** Every chunk that a bundle file imports exists next to it: the copy is of one whole build. */
function complete(dist: string): boolean {
  if (!existsSync(join(dist, 'cli.js'))) return false;
  const files = ['cli.js', ...readdirSync(join(dist, 'chunks')).map((f) => `chunks/${f}`)].filter((f) =>
    f.endsWith('.js'),
  );
  return files.every((f) =>
    [...readFileSync(join(dist, f), 'utf8').matchAll(/["'](?:\.\.?\/)+(?:chunks\/)?([\w-]+\.js)["']/g)].every(
      (m) => existsSync(join(dist, 'chunks', m[1]!)) || existsSync(join(dist, m[1]!)),
    ),
  );
}

/**
 * A private copy of the built CLI (the bundle imports nothing outside itself), so that a rebuild of dist/
 * while the tests run (another terminal, `npm run bench`) cannot pull chunks from under a running wizard.
 * Returns the copy's cli.js and a cleanup.
 */
export function snapshotCli(): { cli: string; remove: () => void } {
  ensureBuilt();
  for (let attempt = 0; attempt < 5; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'evl-dist-'));
    try {
      cpSync(join(ROOT, 'dist'), dir, { recursive: true });
    } catch {
      // dist/ changed while it was copied: take it again.
    }
    if (complete(dir)) return { cli: join(dir, 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
    rmSync(dir, { recursive: true, force: true });
    ensureBuilt();
  }
  throw new Error('dist/ kept changing while it was copied: run the tests when no build is running');
}

export interface EmulatorProcess {
  /** ENTRA_VM_LOGIN_* variables from the `export` lines. */
  env: Record<string, string>;
  armEndpoint: string;
  get<T>(path: string): Promise<T>;
  /** Stops it with Ctrl-C (SIGINT), then SIGKILL if it has not exited within two seconds. */
  stop(): Promise<void>;
}

/** `export K=V` or `export K='V'` as printed by `entra-vm-login emulator`. */
export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const raw = m[2]!;
    env[m[1]!] = raw.startsWith("'") ? raw.slice(1, -1).replaceAll(`'\\''`, "'") : raw;
  }
  return env;
}

export async function startEmulatorProcess(cli: string, args: string[] = []): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [cli, 'emulator', '--scenario', 'demo', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  try {
    // The exports are on stdout, "Request log:" on stderr after them; the two pipes arrive in either order.
    const ready = () =>
      stderr.includes('Request log:') &&
      /ENTRA_VM_LOGIN_TOKEN=.*\n/.test(stdout) &&
      (!stdout.includes('=https://') || /ENTRA_VM_LOGIN_CA_FILE=.*\n/.test(stdout));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stderr}`)), 15_000);
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        check();
      });
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        check();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited with ${code}: ${stderr}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const env = parseExports(stdout);
  const armEndpoint = env.ENTRA_VM_LOGIN_ARM_ENDPOINT;
  if (!armEndpoint) {
    await stop();
    throw new Error(`no ENTRA_VM_LOGIN_ARM_ENDPOINT in the emulator's output: ${stdout}`);
  }
  const ca = env.ENTRA_VM_LOGIN_CA_FILE ? readFileSync(env.ENTRA_VM_LOGIN_CA_FILE) : undefined;
  const get = <T>(path: string) =>
    new Promise<T>((resolve, reject) => {
      const req = request(`${armEndpoint}${path}`, { method: 'GET', ca }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
          else resolve(JSON.parse(body) as T);
        });
      });
      req.on('error', reject);
      req.end();
    });
  return { env, armEndpoint, get, stop };
}
