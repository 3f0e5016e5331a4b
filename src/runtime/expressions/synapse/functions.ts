/**
 * The functions of the Synapse expression language (their table, with signatures and docs, is in
 * src/model/synapse-expression/functions.ts). Each takes evaluated arguments; `exists` is handled by
 * the evaluator because it must see the failure of its argument.
 */
import { formatJavaDate } from '../java-format';
import { parseJson } from '../../../model/json/json-value';
import { isDomNode } from '../property-values';
import type { SynapseScope } from './scope';
import { asNumber, asString, fail, isJsonContainer, SynapseNumber, unwrap } from './values';

type Impl = (args: unknown[], scope: SynapseScope) => unknown;

function str(v: unknown, fn: string): string {
  const u = unwrap(v);
  if (typeof u !== 'string') fail(`${fn} needs a string, not ${asString(u) ?? 'null'}`);
  return asString(u) as string;
}

function num(v: unknown, fn: string): SynapseNumber {
  const n = asNumber(unwrap(v));
  if (!n) fail(`${fn} needs a number, not ${asString(v) ?? 'null'}`);
  return n;
}

function int(v: unknown, fn: string): number {
  const n = num(v, fn);
  if (!n.isIntegral) fail(`${fn} needs a whole number, not ${n}`);
  return n.toNumber();
}

function bool(v: unknown, fn: string): boolean {
  const u = unwrap(v);
  if (typeof u !== 'boolean') fail(`${fn} needs a boolean, not ${asString(u) ?? 'null'}`);
  return u;
}

function encoding(charset: unknown): BufferEncoding {
  if (charset === undefined) return 'utf8';
  const c = String(asString(charset)).toLowerCase().replace(/[-_]/g, '');
  const map: Record<string, BufferEncoding> = { utf8: 'utf8', usascii: 'ascii', ascii: 'ascii', iso88591: 'latin1', latin1: 'latin1', utf16le: 'utf16le' };
  return map[c] ?? fail(`unsupported charset ${String(asString(charset))}`);
}

/** Java URLEncoder, then MI's fix-ups: a space is %20 and `*` is %2A. */
function urlEncode(text: string, enc: BufferEncoding): string {
  let out = '';
  for (const ch of text) {
    if (/[A-Za-z0-9._-]/.test(ch)) out += ch;
    else if (ch === ' ') out += '%20';
    else for (const b of Buffer.from(ch, enc)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function urlDecode(text: string, enc: BufferEncoding): string {
  const bytes: number[] = [];
  const s = text.replace(/\+/g, ' ');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i], enc));
  }
  return Buffer.from(bytes).toString(enc);
}

function jsonOf(v: unknown, want: 'object' | 'array', fn: string): unknown {
  let u = unwrap(v);
  if (typeof u === 'string') {
    try {
      u = parseJson(asString(u) as string);
    } catch {
      fail(`${fn}: the value is not a JSON ${want}`);
    }
  }
  const ok = want === 'array' ? Array.isArray(u) : isJsonContainer(u) && !Array.isArray(u);
  if (!ok) fail(`${fn}: the value is not a JSON ${want}`);
  return u;
}

function isJsonText(v: unknown, want: 'object' | 'array'): boolean {
  try {
    jsonOf(v, want, '');
    return true;
  } catch {
    return false;
  }
}

/** Java's Math.round: half up towards positive infinity. */
const javaRound = (x: number) => Math.floor(x + 0.5);

/** Java DateTimeFormatter patterns are close enough to SimpleDateFormat's for formatting. */
function parseDate(text: string, pattern: string): Date {
  const fields: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 };
  let re = '';
  const order: string[] = [];
  for (const m of pattern.matchAll(/'([^']*)'|([yMdHhmsS])\2*|(.)/g)) {
    if (m[1] !== undefined) re += m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (m[2]) {
      re += `(\\d{1,${Math.max(m[0].length, m[2] === 'y' ? 4 : 2)}})`;
      order.push(m[2] === 'h' ? 'H' : m[2]);
    } else re += (m[3] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const match = new RegExp(`^${re}$`).exec(text.trim());
  if (!match) fail(`Text '${text}' could not be parsed with pattern '${pattern}'`);
  order.forEach((k, i) => (fields[k] = Number(match[i + 1])));
  return new Date(fields.y, fields.M - 1, fields.d, fields.H, fields.m, fields.s, fields.S);
}

export const FUNCTIONS: Record<string, Impl> = {
  length: ([v]) => {
    const u = unwrap(v);
    if (typeof u === 'string') return SynapseNumber.int((asString(u) as string).length);
    if (Array.isArray(u)) return SynapseNumber.int(u.length);
    return fail('length needs a string or an array');
  },
  toUpper: ([v]) => str(v, 'toUpper').toUpperCase(),
  toLower: ([v]) => str(v, 'toLower').toLowerCase(),
  subString: ([v, s, e]) => {
    const text = str(v, 'subString');
    const start = int(s, 'subString');
    const end = e === undefined ? text.length : int(e, 'subString');
    if (start < 0 || end > text.length || start > end) fail(`begin ${start}, end ${end}, length ${text.length}`);
    return text.substring(start, end);
  },
  startsWith: ([v, p]) => str(v, 'startsWith').startsWith(str(p, 'startsWith')),
  endsWith: ([v, p]) => str(v, 'endsWith').endsWith(str(p, 'endsWith')),
  contains: ([v, p]) => str(v, 'contains').includes(str(p, 'contains')),
  trim: ([v]) => str(v, 'trim').trim(),
  replace: ([v, a, b]) => str(v, 'replace').split(str(a, 'replace')).join(str(b, 'replace')),
  split: ([v, r]) => {
    // Java's String.split drops trailing empty strings.
    const parts = str(v, 'split').split(new RegExp(str(r, 'split')));
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  },
  indexOf: ([v, t, from]) => SynapseNumber.int(str(v, 'indexOf').indexOf(str(t, 'indexOf'), from === undefined ? 0 : int(from, 'indexOf'))),
  charAt: ([v, i]) => {
    const text = str(v, 'charAt');
    const at = int(i, 'charAt');
    if (at < 0 || at >= text.length) fail(`Index ${at} out of bounds for length ${text.length}`);
    return text[at];
  },
  abs: ([v]) => {
    const n = num(v, 'abs');
    if (n.type === 'double') return SynapseNumber.double(Math.abs(n.toNumber()));
    const b = n.value as bigint;
    return n.type === 'int' ? SynapseNumber.int(b < 0n ? -b : b) : SynapseNumber.long(b < 0n ? -b : b);
  },
  ceil: ([v]) => SynapseNumber.double(Math.ceil(num(v, 'ceil').toNumber())),
  floor: ([v]) => SynapseNumber.double(Math.floor(num(v, 'floor').toNumber())),
  sqrt: ([v]) => SynapseNumber.double(Math.sqrt(num(v, 'sqrt').toNumber())),
  log: ([v, base]) => {
    const x = Math.log(num(v, 'log').toNumber());
    return SynapseNumber.double(base === undefined ? x : x / Math.log(num(base, 'log').toNumber()));
  },
  pow: ([a, b]) => SynapseNumber.double(Math.pow(num(a, 'pow').toNumber(), num(b, 'pow').toNumber())),
  round: ([v, places]) => {
    const x = num(v, 'round');
    if (places === undefined) return x.isIntegral ? x : SynapseNumber.int(javaRound(x.toNumber()));
    const p = int(places, 'round');
    if (p < 0) fail('round needs zero or more decimal places');
    const f = 10 ** p;
    return SynapseNumber.double(javaRound(x.toNumber() * f) / f);
  },
  base64encode: ([v, cs]) => {
    const text = str(v, 'base64encode');
    return text === '' ? '' : Buffer.from(text, encoding(cs)).toString('base64');
  },
  base64decode: ([v, cs]) => Buffer.from(str(v, 'base64decode'), 'base64').toString(encoding(cs)),
  urlEncode: ([v, cs]) => urlEncode(str(v, 'urlEncode'), encoding(cs)),
  urlDecode: ([v, cs]) => urlDecode(str(v, 'urlDecode'), encoding(cs)),
  isString: ([v]) => typeof unwrap(v) === 'string',
  isNumber: ([v]) => asNumber(unwrap(v)) !== undefined,
  isArray: ([v]) => isJsonText(v, 'array'),
  isObject: ([v]) => isJsonText(v, 'object'),
  string: ([v]) => asString(v) ?? fail('string() of null'),
  integer: ([v]) => {
    const n = asNumber(unwrap(v)) ?? (typeof unwrap(v) === 'string' ? SynapseNumber.fromText(asString(v) as string) : undefined);
    if (!n) fail(`integer() cannot convert ${asString(v) ?? 'null'}`);
    if (n.isIntegral) return n;
    return SynapseNumber.int(Math.trunc(n.toNumber()));
  },
  float: ([v]) => {
    const n = asNumber(unwrap(v)) ?? (typeof unwrap(v) === 'string' ? SynapseNumber.fromText(asString(v) as string) : undefined);
    if (!n) fail(`float() cannot convert ${asString(v) ?? 'null'}`);
    return SynapseNumber.double(n.toNumber());
  },
  boolean: ([v]) => {
    const u = unwrap(v);
    if (typeof u === 'boolean') return u;
    const s = typeof u === 'string' ? (asString(u) as string).toLowerCase() : '';
    if (s === 'true' || s === 'false') return s === 'true';
    return fail(`boolean() cannot convert ${asString(u) ?? 'null'}`);
  },
  object: ([v]) => jsonOf(v, 'object', 'object()'),
  array: ([v]) => jsonOf(v, 'array', 'array()'),
  not: ([v]) => !bool(v, 'not'),
  now: (_args, scope) => SynapseNumber.long(scope.now?.() ?? Date.now()),
  formatDateTime: ([v, a, b]) => {
    if (b === undefined) {
      const n = asNumber(unwrap(v));
      if (!n) fail('formatDateTime needs epoch milliseconds, or a date with its old and new formats');
      return formatJavaDate(new Date(n.toNumber()), str(a, 'formatDateTime'));
    }
    return formatJavaDate(parseDate(str(v, 'formatDateTime'), str(a, 'formatDateTime')), str(b, 'formatDateTime'));
  },
  xpath: ([expr, variable], scope) => {
    if (!scope.xpath) fail('xpath() is not available here');
    if (variable !== undefined && isDomNode(unwrap(variable))) fail('xpath() takes the name of the variable, not its value');
    return scope.xpath(str(expr, 'xpath'), variable === undefined ? undefined : str(variable, 'xpath'));
  },
  registry: ([key], scope) => {
    if (!scope.registry) fail('registry() is not available here');
    const value = scope.registry(str(key, 'registry'));
    if (value === undefined) fail(`registry resource ${str(key, 'registry')} not found`);
    return value;
  },
  'wso2-vault': ([alias], scope) => {
    if (!scope.secret) fail('secure vault lookups are not configured');
    return scope.secret('wso2', [str(alias, 'wso2-vault')]);
  },
  'hashicorp-vault': (args, scope) => {
    if (!scope.secret) fail('HashiCorp Vault lookups are not configured');
    return scope.secret('hashicorp', args.map((a) => str(a, 'hashicorp-vault')));
  },
};
