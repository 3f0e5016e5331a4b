/**
 * Matching of a request sub-path against a resource's uri-template, as Synapse's URITemplate does
 * (synapse-commons templates/uri): `{name}` stops at the first reserved character or at the first
 * character of the literal that follows; `{+name}` and `{#name}` also take reserved characters; a
 * literal ending in `*` takes any remainder; without a `?` in the template a query string is ignored.
 */

const RESERVED = ":/?#[]@!$&'()*+,;=";

interface VarToken {
  kind: 'var';
  op: '' | '+' | '#' | '.' | '/' | ';' | '?' | '&';
  names: string[];
}
type Token = { kind: 'literal'; text: string } | VarToken;

export interface UriTemplateMatcher {
  readonly template: string;
  /** Variables by name (URL-decoded), or undefined when the path does not match. */
  match(subPath: string): Record<string, string> | undefined;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeClass(s: string): string {
  return s.replace(/[\]\\^-]/g, '\\$&');
}

function tokenize(template: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out.push({ kind: 'literal', text: template.slice(i) });
      break;
    }
    if (open > i) out.push({ kind: 'literal', text: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) throw new Error(`unclosed '{' in uri-template "${template}"`);
    let body = template.slice(open + 1, close);
    let op: VarToken['op'] = '';
    if ('+#./;?&'.includes(body[0] ?? '')) {
      op = body[0] as VarToken['op'];
      body = body.slice(1);
    }
    const names = body.split(',').map((n) => n.trim().replace(/\*$|:\d+$/, ''));
    if (names.some((n) => n === '')) throw new Error(`empty variable name in uri-template "${template}"`);
    out.push({ kind: 'var', op, names });
    i = close + 1;
  }
  return out;
}

/** Compiles a uri-template; throws an Error with a readable message when it is malformed. */
export function compileUriTemplate(template: string): UriTemplateMatcher {
  const trimmed = template.length > 1 && template.endsWith('/') ? template.slice(0, -1) : template;
  const tokens = tokenize(trimmed);
  const groups: VarToken[] = [];
  let re = '^';
  tokens.forEach((t, idx) => {
    if (t.kind === 'literal') {
      re += t.text.endsWith('*') ? escapeRegex(t.text.slice(0, -1)) + '.*' : escapeRegex(t.text);
      return;
    }
    const next = tokens[idx + 1];
    const stop = next && next.kind === 'literal' && next.text !== '' ? next.text[0] : '';
    groups.push(t);
    const prefix = t.op === '#' ? '#' : t.op === '.' ? '\\.' : t.op === '/' ? '/' : t.op === ';' ? ';' : '';
    const excluded = t.op === '+' || t.op === '#' ? '?#' + stop : (t.names.length > 1 ? RESERVED.replace(',', '') : RESERVED) + stop;
    re += `${prefix}([^${escapeClass(excluded)}]+)`;
  });
  if (!trimmed.includes('?')) re += '(?:\\?.*)?';
  re += '$';
  const regex = new RegExp(re);
  return {
    template,
    match(subPath) {
      const m = regex.exec(subPath);
      if (!m) return undefined;
      const vars: Record<string, string> = {};
      groups.forEach((g, i) => {
        const raw = m[i + 1] ?? '';
        const parts = g.names.length > 1 ? raw.split(',') : [raw];
        g.names.forEach((name, j) => {
          vars[name] = decode(parts[j] ?? '');
        });
      });
      return vars;
    },
  };
}

/** URL-decodes without turning `+` into a space (Synapse keeps `+`). */
export function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
