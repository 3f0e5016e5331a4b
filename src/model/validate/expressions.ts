/**
 * Syntax checks of the expressions artifacts carry: XPath 1.0 (compiled with the `xpath` package's
 * parser, as the runtime compiles it), `json-eval(...)` JSONPath and MI 4.4 `${...}` expressions.
 * Each check returns the message and the offset range inside the checked text, or undefined when it
 * parses.
 */
import xpath from 'xpath';
import { parseSynapseExpression } from '../synapse-expression';
import { wholeExpression } from '../synapse-expression/template';

export interface SyntaxIssue {
  code: 'CONDUIT_XPATH_INVALID' | 'CONDUIT_JSONPATH_INVALID' | 'CONDUIT_EXPRESSION_INVALID';
  message: string;
  /** Offsets into the checked text. */
  start: number;
  end: number;
}

// The package compiles with parse() at run time but does not declare it.
const parseXPath = (xpath as unknown as { parse(expression: string): unknown }).parse;

/**
 * Checks a value that is text or, braced, an expression (`{//x}`, `{json-eval(..)}`, `{${..}}`; `{{..}}`
 * escapes the braces), as template parameters and throwError's errorMessage take it. Offsets are into `value`.
 */
export function checkParamValue(value: string): SyntaxIssue | undefined {
  const t = value.trim();
  const escaped = t.length > 3 && t.startsWith('{{') && t.endsWith('}}');
  if (!escaped && !(value.startsWith('{') && value.endsWith('}'))) return undefined;
  const start = escaped ? value.indexOf('{{') + 2 : 1;
  const end = escaped ? value.lastIndexOf('}}') : value.length - 1;
  const issue = checkExpression(value.slice(start, end));
  return issue && { ...issue, start: start + issue.start, end: start + issue.end };
}

/**
 * Checks an attribute that holds an expression: a whole `${...}`, `json-eval(...)` or XPath.
 * `jsonByDefault` is for payloadFactory args with `evaluator="json"`, whose text is a bare JSONPath.
 */
export function checkExpression(text: string, jsonByDefault = false): SyntaxIssue | undefined {
  // Projects repeat the same expressions across many artifacts; each distinct text is parsed once.
  const key = `${jsonByDefault ? 'j' : 'x'}${text}`;
  if (checked.has(key)) return checked.get(key);
  const issue = checkUncached(text, jsonByDefault);
  if (checked.size >= CACHE_LIMIT) checked.clear();
  checked.set(key, issue);
  return issue;
}

const CACHE_LIMIT = 10_000;
const checked = new Map<string, SyntaxIssue | undefined>();

function checkUncached(text: string, jsonByDefault: boolean): SyntaxIssue | undefined {
  const lead = text.length - text.trimStart().length;
  const value = text.trim();
  if (value === '') return { code: 'CONDUIT_XPATH_INVALID', message: 'the expression is empty', start: 0, end: text.length };
  const synapse = wholeExpression(value);
  if (synapse !== undefined) return checkSynapseExpression(synapse, lead + 2);
  const json = /^json-eval\s*\(([\s\S]*)\)$/.exec(value);
  if (json) {
    const inner = json[1];
    const at = lead + value.indexOf('(') + 1;
    const issue = checkJsonPath(inner);
    return issue && { ...issue, start: issue.start + at, end: issue.end + at };
  }
  if (jsonByDefault) {
    const issue = checkJsonPath(value);
    return issue && { ...issue, start: issue.start + lead, end: issue.end + lead };
  }
  return checkXPath(value, lead);
}

export function checkXPath(value: string, at = 0): SyntaxIssue | undefined {
  try {
    parseXPath(value);
    return undefined;
  } catch (err) {
    const detail = (err as Error).message.replace(/^XPath parse error:?\s*/i, '').trim();
    return { code: 'CONDUIT_XPATH_INVALID', message: `invalid XPath '${value}'${detail && detail !== 'XPath parse error' ? `: ${detail}` : ''}`, start: at, end: at + value.length };
  }
}

/** Checks the text inside `${...}`; offsets are shifted by `at`. */
export function checkSynapseExpression(inner: string, at = 0): SyntaxIssue | undefined {
  const result = parseSynapseExpression(inner);
  const e = result.errors[0];
  if (!e) return undefined;
  return { code: 'CONDUIT_EXPRESSION_INVALID', message: `invalid expression \${${inner}}: ${e.message}`, start: at + e.offset, end: at + e.offset + Math.max(e.length, 0) };
}

/**
 * Jayway JsonPath as Synapse reads it: `$`, `$.a.b`, `$..a`, `$.a[0]`, `$.a[?(@.x > 1)]`, `$.a.length()`,
 * or a property source `$ctx:name.path` (also `$trp:`, `$axis2:`). Checks structure: balanced brackets
 * and quotes, no empty steps, nothing after the path.
 */
export function checkJsonPath(path: string): SyntaxIssue | undefined {
  const fail = (message: string, start: number, end = start + 1): SyntaxIssue => ({
    code: 'CONDUIT_JSONPATH_INVALID',
    message: `invalid JSONPath '${path}': ${message}`,
    start,
    end: Math.min(Math.max(end, start), path.length),
  });
  const p = path;
  let i = 0;
  const prefix = /^\$(ctx|trp|axis2):[^.[\s]+/.exec(p);
  if (prefix) i = prefix[0].length;
  else if (p.startsWith('$') || p.startsWith('@')) i = 1;
  else if (p.trim() === '') return fail('the path is empty', 0, p.length);
  else i = 0; // Jayway reads a path without a root as relative to `$`.
  let needStep = i === 0;
  while (i < p.length) {
    const ch = p[i];
    if (needStep && ch !== '.' && ch !== '[') {
      const m = /^[^.[\]()\s'"]+/.exec(p.slice(i));
      if (!m) return fail(`unexpected '${ch}'`, i);
      i += m[0].length;
      needStep = false;
      continue;
    }
    needStep = false;
    if (ch === '.') {
      const deep = p[i + 1] === '.';
      const start = i;
      i += deep ? 2 : 1;
      if (p[i] === '[' && deep) continue;
      if (p[i] === '*') {
        i++;
        continue;
      }
      const m = /^[^.[\]()\s'"]+/.exec(p.slice(i));
      if (!m) return fail(i >= p.length ? 'the path ends with a dot' : `expected a name after '${deep ? '..' : '.'}'`, start, i + 1);
      i += m[0].length;
      if (p[i] === '(') {
        if (p[i + 1] !== ')') return fail('path functions take no arguments', i, i + 1);
        i += 2;
      }
      continue;
    }
    if (ch === '[') {
      const close = matchingBracket(p, i);
      if (close < 0) return fail("'[' is not closed", i, p.length);
      const inner = p.slice(i + 1, close).trim();
      if (inner === '') return fail('empty brackets', i, close + 1);
      if (!/^(\*|-?\d*(:-?\d*){0,2}|-?\d+(\s*,\s*-?\d+)*|('[^']*'|"[^"]*")(\s*,\s*('[^']*'|"[^"]*"))*|\?\s*\([\s\S]*\)|\([\s\S]*\))$/.test(inner)) {
        return fail(`'[${inner}]' is not an index, slice, name or filter`, i, close + 1);
      }
      i = close + 1;
      continue;
    }
    if (/\s/.test(ch) && p.slice(i).trim() === '') break;
    return fail(`unexpected '${ch}'`, i);
  }
  return undefined;
}

/** Index of the `]` closing the `[` at `open`, skipping quoted text and nested brackets; -1 if none. */
function matchingBracket(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') {
      depth--;
      if (depth === 0) return ch === ']' ? i : -1;
    }
  }
  return -1;
}
