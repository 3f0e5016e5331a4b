/**
 * Whether a Java regular expression (java.util.regex, as switch, filter and property patterns use)
 * compiles. Java-only syntax is rewritten to an equivalent JavaScript form first, so only real syntax
 * errors are reported; JavaScript's lenient mode accepts the identity escapes Java allows.
 */

/** The error message when the pattern does not compile, else undefined. */
export function javaRegexError(pattern: string): string | undefined {
  if (checked.has(pattern)) return checked.get(pattern);
  let error: string | undefined;
  try {
    new RegExp(javaToJsSyntax(pattern));
  } catch (err) {
    error = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
  if (checked.size >= 10_000) checked.clear();
  checked.set(pattern, error);
  return error;
}

/** Patterns repeat across artifacts (the same switch cases in many APIs); each compiles once. */
const checked = new Map<string, string | undefined>();

function javaToJsSyntax(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const next = pattern[i + 1];
    if (ch === '\\') {
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        out += pattern.slice(i + 2, end < 0 ? pattern.length : end).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if ((next === 'p' || next === 'P') && pattern[i + 2] === '{') {
        const close = pattern.indexOf('}', i + 3);
        if (close < 0) return pattern; // let the engine report it
        out += inClass ? 'a-z' : '\\w';
        i = close;
        continue;
      }
      if (next !== undefined && 'AZzGhHRXe'.includes(next) && !inClass) {
        out += next === 'A' ? '^' : next === 'Z' || next === 'z' ? '$' : next === 'G' ? '' : '\\s';
        i++;
        continue;
      }
      out += ch + (next ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      else if (ch === '&' && next === '&') {
        i++;
        continue;
      }
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += '\\' + pattern[++i];
      continue;
    }
    if (ch === '(' && next === '?') {
      const flags = /^\(\?[imsuxdU-]+(\)|:)/.exec(pattern.slice(i));
      if (flags) {
        out += flags[1] === ':' ? '(?:' : '';
        i += flags[0].length - 1;
        continue;
      }
      if (pattern[i + 2] === '>') {
        out += '(?:';
        i += 2;
        continue;
      }
    }
    if (ch === '+' && i > 0 && /[*+?}]/.test(pattern[i - 1]) && pattern[i - 2] !== '\\') continue; // possessive
    out += ch;
  }
  return out;
}
