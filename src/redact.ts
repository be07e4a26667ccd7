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

/** True when `text` contains a registered secret value: `redactValues` would change it. */
export function containsSecretValue(text: string): boolean {
  for (const secret of ordered) if (text.includes(secret)) return true;
  return false;
}

/** True once any secret value is registered: callers may skip walking large data otherwise. */
export function hasSecrets(): boolean {
  return ordered.length > 0;
}

/** `text` with every registered secret value and every credential shape masked: for messages and logs. */
export function redact(text: string): string {
  return redactShapes(redactValues(text));
}
