/**
 * Java regular expressions (java.util.regex) as JavaScript RegExps, for the switch, filter and property
 * mediators, which test with Matcher.matches(): the whole string must match.
 */
import { ConduitError } from './errors';

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

/** Translates the Java-only parts of a pattern: inline flags, \A \Z \z, possessive quantifiers, \p{Alpha}, \Q..\E. */
export function translateJavaRegex(pattern: string): { source: string; flags: string } {
  let flags = '';
  let p = pattern;
  const lead = /^\(\?([imsux]+)\)/.exec(p);
  if (lead) {
    for (const f of lead[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    p = p.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  // Whether the last thing written was a quantifier, so a following `+` makes it possessive.
  let afterQuantifier = false;
  for (let i = 0; i < p.length; i++) {
    const wasQuantifier: boolean = afterQuantifier;
    afterQuantifier = false;
    const ch = p[i];
    if (ch === '\\') {
      const next = p[i + 1];
      if (next === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, end < 0 ? p.length : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if (next === 'A' && !inClass) {
        out += '^';
        i++;
        continue;
      }
      if ((next === 'Z' || next === 'z') && !inClass) {
        out += '$';
        i++;
        continue;
      }
      if ((next === 'p' || next === 'P') && p[i + 2] === '{') {
        const close = p.indexOf('}', i + 3);
        const name = p.slice(i + 3, close).replace(/^Is/, '');
        const set = POSIX[name];
        if (set) {
          const body = next === 'P' ? `^${set}` : set;
          out += inClass ? set : `[${body}]`;
          i = close;
          continue;
        }
        if (!flags.includes('u')) flags += 'u';
      }
      out += ch + (next ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (!inClass && ch === '+' && wasQuantifier) {
      // Possessive quantifier: JavaScript has none; the greedy form matches the same strings here.
      continue;
    } else if (!inClass && '*+?'.includes(ch)) afterQuantifier = !wasQuantifier;
    else if (!inClass && ch === '{') {
      const q = /^\{\d+(,\d*)?\}/.exec(p.slice(i));
      if (q) {
        out += q[0];
        i += q[0].length - 1;
        afterQuantifier = true;
        continue;
      }
    }
    out += ch;
  }
  return { source: out, flags };
}

/** A compiled Java regex that tests whole strings, as Matcher.matches() does. */
export interface JavaRegex {
  readonly source: string;
  matches(s: string): boolean;
  /** The groups of a whole-string match (0 = the whole string), or undefined when it does not match. */
  match(s: string): RegExpExecArray | undefined;
}

/** Compiles a Java regex. Throws CONDUIT_EXPRESSION_INVALID when it is not valid. */
export function compileJavaRegex(pattern: string): JavaRegex {
  const { source, flags } = translateJavaRegex(pattern);
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, flags);
  } catch (err) {
    throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `the regular expression ${pattern} is not valid: ${(err as Error).message}`, { cause: err });
  }
  return {
    source: pattern,
    matches: (s) => re.test(s),
    match: (s) => re.exec(s) ?? undefined,
  };
}
