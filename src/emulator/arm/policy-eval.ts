/**
 * The part of the Azure Policy language the simulated tenant evaluates: the conditions (`field`/`value` with
 * the comparison operators, `allOf`/`anyOf`/`not`) and template expressions (`[parameters('x')]`,
 * `[field('alias')]`, `concat`, `if`, `equals`, `toLower`, `requestContext().apiVersion`) that the tool's
 * definition and the built-ins it reuses contain. String comparisons ignore case, as Azure Policy's do.
 */

export type FieldReader = (alias: string) => unknown;

export interface EvalContext {
  field: FieldReader;
  parameters: Record<string, unknown>;
}

/** The api-version `requestContext()` reports for evaluations the emulator starts itself. */
export const EVALUATION_API_VERSION = '2024-07-01';

type Token = { kind: 'name' | 'string' | 'number' | 'punct'; text: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (src[i] === "'") {
          i++;
          break;
        } else text += src[i++];
      }
      out.push({ kind: 'string', text });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(src.slice(i))![0];
      out.push({ kind: 'number', text: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0];
      out.push({ kind: 'name', text: m });
      i += m.length;
    } else if ('(),.'.includes(c)) {
      out.push({ kind: 'punct', text: c });
      i++;
    } else throw new Error(`unexpected '${c}' in ${src}`);
  }
  return out;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function call(name: string, args: unknown[], ctx: EvalContext): unknown {
  switch (name.toLowerCase()) {
    case 'parameters':
      return ctx.parameters[String(args[0])];
    case 'field':
      return ctx.field(String(args[0]));
    case 'concat':
      return args.map((a) => (a === undefined || a === null ? '' : String(a))).join('');
    case 'if':
      return args[0] ? args[1] : args[2];
    case 'equals':
      return lower(args[0]) === lower(args[1]);
    case 'tolower':
      return String(args[0] ?? '').toLowerCase();
    case 'requestcontext':
      return { apiVersion: EVALUATION_API_VERSION };
    default:
      throw new Error(`the emulator does not evaluate ${name}()`);
  }
}

/** Evaluates `[expression]`; other strings are literals (`[[` escapes a leading bracket). */
export function evaluateExpression(value: unknown, ctx: EvalContext): unknown {
  if (typeof value !== 'string' || !value.startsWith('[') || !value.endsWith(']')) return value;
  if (value.startsWith('[[')) return value.slice(1);
  const tokens = tokenize(value.slice(1, -1));
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (text: string) => {
    if (tokens[pos]?.text !== text) throw new Error(`expected '${text}' in ${value}`);
    pos++;
  };
  const parse = (): unknown => {
    const t = tokens[pos++];
    if (!t) throw new Error(`unexpected end of ${value}`);
    let result: unknown;
    if (t.kind === 'string') result = t.text;
    else if (t.kind === 'number') result = Number(t.text);
    else if (t.kind === 'name') {
      expect('(');
      const args: unknown[] = [];
      while (peek()?.text !== ')') {
        args.push(parse());
        if (peek()?.text === ',') pos++;
      }
      expect(')');
      result = call(t.text, args, ctx);
    } else throw new Error(`unexpected '${t.text}' in ${value}`);
    while (peek()?.text === '.') {
      pos++;
      const prop = tokens[pos++]!.text;
      result = (result as Record<string, unknown> | undefined)?.[prop];
    }
    return result;
  };
  const out = parse();
  if (pos !== tokens.length) throw new Error(`trailing input in ${value}`);
  return out;
}

/** `like` with `*` wildcards, case-insensitive. */
function like(value: unknown, pattern: unknown): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(value);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''), 'en', { sensitivity: 'base' });
}

/** A policy condition against one resource. */
export function evaluateCondition(cond: unknown, ctx: EvalContext): boolean {
  const c = cond as Record<string, unknown>;
  if (Array.isArray(c.allOf)) return c.allOf.every((x) => evaluateCondition(x, ctx));
  if (Array.isArray(c.anyOf)) return c.anyOf.some((x) => evaluateCondition(x, ctx));
  if (c.not !== undefined) return !evaluateCondition(c.not, ctx);
  const subject = 'field' in c ? ctx.field(String(c.field)) : evaluateExpression(c.value, ctx);
  const operand = (name: string) => evaluateExpression(c[name], ctx);
  if ('equals' in c) return lower(subject) === lower(operand('equals'));
  if ('notEquals' in c) return lower(subject) !== lower(operand('notEquals'));
  if ('like' in c) return like(subject, operand('like'));
  if ('notLike' in c) return !like(subject, operand('notLike'));
  if ('in' in c) return ((operand('in') as unknown[]) ?? []).some((v) => lower(v) === lower(subject));
  if ('notIn' in c) return !((operand('notIn') as unknown[]) ?? []).some((v) => lower(v) === lower(subject));
  if ('exists' in c) return (subject !== undefined && subject !== null) === (String(operand('exists')) === 'true');
  if ('contains' in c)
    return String(subject ?? '')
      .toLowerCase()
      .includes(String(operand('contains')).toLowerCase());
  if ('notContains' in c)
    return !String(subject ?? '')
      .toLowerCase()
      .includes(String(operand('notContains')).toLowerCase());
  if ('greaterOrEquals' in c) return compare(subject, operand('greaterOrEquals')) >= 0;
  if ('greater' in c) return compare(subject, operand('greater')) > 0;
  if ('lessOrEquals' in c) return compare(subject, operand('lessOrEquals')) <= 0;
  if ('less' in c) return compare(subject, operand('less')) < 0;
  throw new Error(`the emulator does not evaluate the condition ${JSON.stringify(cond)}`);
}

/** Evaluates every `[expression]` string inside a JSON value (template resources, deployment parameters). */
export function evaluateDeep(value: unknown, ctx: EvalContext): unknown {
  if (typeof value === 'string') return evaluateExpression(value, ctx);
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, ctx));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateDeep(v, ctx)]));
  }
  return value;
}
