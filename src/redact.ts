/**
 * Secrets never reach the terminal, a log, the journal, a plan file or an error message. Two defences: the
 * shapes of credentials (`Bearer …`, JWTs, secret-named parameters, SAS signatures), and the exact values of
 * every token this process holds: the configured token and each token a credential hands out, registered as
 * they appear. A token echoed back inside a service's error body is then masked whatever it looks like.
 */

const known = new Set<string>();
/** Longest first, so that a token containing another registered one is masked whole. */
let ordered: string[] = [];

/** Shorter values are not secrets worth masking and would mask ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Registers a secret value for `redact` for the rest of this process. */
export function registerSecret(value: string | undefined | null): void {
  const v = value?.trim();
  if (!v || v.length < MIN_SECRET_LENGTH || known.has(v)) return;
  known.add(v);
  ordered = [...known].sort((a, b) => b.length - a.length);
}

/** Forgets every registered value (tests). */
export function clearSecrets(): void {
  known.clear();
  ordered = [];
}

/** Masks bearer tokens, JWTs and secret-looking query or body parameters in a message. */
export function redactShapes(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted token]')
    .replace(
      /\b(access_token|refresh_token|id_token|client_secret|password)(["']?\s*[=:]\s*["']?)[^\s"'&,;]+/gi,
      '$1$2[redacted]',
    )
    .replace(/([?&]sig=)[^\s&"']+/gi, '$1[redacted]');
}

/** `text` with every registered secret value masked; shapes are left alone (for data such as plan files). */
export function redactValues(text: string): string {
  let out = text;
  for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

/** Watches JSON text as it is produced, block by block, for registered secret values. */
export interface SecretWatch {
  see(block: string): void;
  readonly seen: boolean;
}

/**
 * A watch over JSON text for any registered secret value, or undefined when none is registered. A string that
 * contains a secret contains it, in JSON, escaped as JSON escapes it; a secret cut across two blocks is found
 * in the tail of one joined to the next. Matching the text rather than each string may also match across two
 * neighbouring values: then the caller redacts string by string, which changes nothing, at the cost of time.
 */
export function watchJsonForSecrets(): SecretWatch | undefined {
  if (ordered.length === 0) return undefined;
  const needles = [...new Set(ordered.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))];
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  let tail = '';
  let seen = false;
  return {
    see(block) {
      if (seen) return;
      // The block is searched as it is and only its first characters joined to the tail: joining the whole block
      // made a copy of every block of a plan's text, beside the one the hash reads.
      const seam = tail + block.slice(0, overlap);
      for (const needle of needles) {
        if (block.includes(needle) || seam.includes(needle)) {
          seen = true;
          return;
        }
      }
      tail = block.length >= overlap ? block.slice(block.length - overlap) : (tail + block).slice(-overlap);
    },
    get seen() {
      return seen;
    },
  };
}

/** True once any secret value is registered: callers may skip walking large data otherwise. */
export function hasSecrets(): boolean {
  return ordered.length > 0;
}

/** `text` with every registered secret value and every credential shape masked: for messages and logs. */
export function redact(text: string): string {
  return redactShapes(redactValues(text));
}
