/**
 * The request log: what reached the emulator, so tests can prove that `plan` and `doctor` never write and
 * that discovery stays within its request budget. It never holds headers, so never a token.
 */

export interface LogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string without `?` (empty when none). */
  query: string;
  status: number;
  /** Milliseconds from arrival to response (0 for a dropped connection's entry is not possible: see status). */
  ms: number;
  isWrite: boolean;
  /** The ARM id or Graph object the request acted on, where known. */
  target?: string;
  /** Refused by ARM's token buckets (src/emulator/arm/throttle.ts), not by an injected fault. */
  throttled?: boolean;
  /** For `$batch`: the inner requests, logged with their own status. */
  inner?: LogEntry[];
  /**
   * For writes: what required MFA in the tenant once this request was answered (security defaults; the number of
   * Conditional Access policies on that require MFA or an authentication strength). Lets a test check from the
   * log's order that no moment left the tenant with neither.
   */
  mfaProtection?: { securityDefaults: boolean; enabledMfaPolicies: number };
}

/** Status recorded for a connection the fault injector destroyed before answering. */
export const DROPPED_STATUS = 0;

const READ_ONLY_POST = [
  /\/\$batch$/i,
  /\/identity\/conditionalAccess\/evaluate$/i,
  // Policy Insights queries are POSTs that read.
  /\/providers\/Microsoft\.PolicyInsights\/policyStates\/[^/]+\/(queryResults|summarize)$/i,
  /\/providers\/Microsoft\.PolicyInsights\/remediations\/[^/]+\/listDeployments$/i,
];

/**
 * Whether a request changes state. GETs never do; a `$batch` counts through its inner requests; a POST that
 * only evaluates (What-If) does not.
 */
export function isWriteRequest(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  if (m === 'POST' && READ_ONLY_POST.some((re) => re.test(path))) return false;
  return true;
}

export class RequestLog {
  private entries: LogEntry[] = [];

  record(entry: LogEntry): void {
    this.entries.push(entry);
  }

  /** Every top-level HTTP request, oldest first (inner batch requests are in `inner`). */
  requests(): LogEntry[] {
    return [...this.entries];
  }

  /** Write attempts: top-level writes plus the inner writes of every `$batch`, whatever their status. */
  writes(): number {
    let n = 0;
    for (const e of this.entries) {
      if (e.isWrite) n++;
      for (const inner of e.inner ?? []) if (inner.isWrite) n++;
    }
    return n;
  }

  reset(): void {
    this.entries = [];
  }

  toJSON(): { requests: LogEntry[]; writes: number } {
    return { requests: this.requests(), writes: this.writes() };
  }
}
