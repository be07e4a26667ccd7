/** Processes for the bench: timed child runs, peak memory, timing marks, and the emulator as a child process. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Peak resident set size (VmHWM) of a live process, in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) / 1024;
}

/** The `name value` lines the CLI appends when ENTRA_VM_LOGIN_BENCH_MARKS names a file (src/marks.ts). */
export async function readMarks(file: string): Promise<Record<string, number>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const marks: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    if (name && value) marks[name] = Number(value);
  }
  return marks;
}

export interface TimedRun {
  ms: number;
  code: number;
  stderr: string;
}

/** Runs a command to completion with stdout discarded; wall time from spawn to exit. */
export function runTimed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code: code ?? 1, stderr }));
  });
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** The raw query string without `?`. */
  query?: string;
  status: number;
  inner?: LoggedRequest[];
}

/**
 * Where a run's requests went: those any plan sends whatever the fleet (sign-in, the first page of each
 * listing, single reads), the further pages of listings (they grow with the fleet: 100 items a page in the
 * emulator; ARM's providers choose their own, see docs/reference/azure-facts.md §1.2), and Graph `$batch` calls
 * with the lookups they carry (at most 20 each, Graph's limit).
 */
export interface RequestBreakdown {
  constant: number;
  furtherPages: number;
  batches: number;
  lookups: number;
  /**
   * The most pages any one listing took. Each page's link comes in the page before it, so these requests follow
   * one another whatever the client overlaps: at 50 ms a request, a floor of 50 ms per page under the wall time.
   */
  longestChain: number;
}

const isSkipToken = (param: string) => /^(\$|%24)skiptoken=/i.test(param);

/** The query of a listing's first page: every parameter but the skip token, in one order. */
const listingQuery = (params: string[]) =>
  params
    .filter((p) => p !== '' && !isSkipToken(p))
    .sort()
    .join('&');

export function breakdown(log: readonly LoggedRequest[]): RequestBreakdown {
  const out: RequestBreakdown = { constant: 0, furtherPages: 0, batches: 0, lookups: 0, longestChain: 0 };
  const pagesPerListing = new Map<string, number>();
  for (const r of log) {
    if (r.path.endsWith('/$batch')) {
      out.batches++;
      out.lookups += r.inner?.length ?? 0;
      continue;
    }
    const params = (r.query ?? '').split('&');
    if (params.some(isSkipToken)) out.furtherPages++;
    else out.constant++;
    if (r.method !== 'GET') continue;
    const listing = `${r.path.toLowerCase()}?${listingQuery(params)}`;
    const pages = (pagesPerListing.get(listing) ?? 0) + 1;
    pagesPerListing.set(listing, pages);
    out.longestChain = Math.max(out.longestChain, pages);
  }
  return out;
}

export interface ChildEmulator {
  env: Record<string, string>;
  requests(): Promise<LoggedRequest[]>;
  resetLog(): Promise<void>;
  setFaults(spec: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * `entra-vm-login emulator …` (TLS, the default) in its own process, so its CPU does not count against the
 * client's.
 */
export async function startChildEmulator(root: string, args: string[]): Promise<ChildEmulator> {
  const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const env: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    // stdout (the export lines) and stderr (the banner) are separate pipes: ready once both are complete.
    const ready = () => {
      if (err.includes('Request log:') && /^export ENTRA_VM_LOGIN_CA_FILE=.*\n/m.test(out)) resolve();
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1');
      ready();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      ready();
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${err}`)));
  });
  const ca = env.ENTRA_VM_LOGIN_CA_FILE ? readFileSync(env.ENTRA_VM_LOGIN_CA_FILE) : undefined;
  const admin = (method: string, path: string, body?: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request(`${env.ENTRA_VM_LOGIN_ARM_ENDPOINT}${path}`, { method, ca }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () =>
          (res.statusCode ?? 500) < 300 ? resolve(text) : reject(new Error(`${method} ${path}: ${text}`)),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    env,
    requests: async () => (JSON.parse(await admin('GET', '/_emulator/log')) as { requests: LoggedRequest[] }).requests,
    resetLog: async () => {
      await admin('POST', '/_emulator/log/reset');
    },
    setFaults: async (spec) => {
      await admin('POST', '/_emulator/faults', JSON.stringify({ spec }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
