/**
 * `json-eval(path)`: Jayway JsonPath as SynapseJsonPath uses it, run by jsonpath-plus, with Jayway's
 * results (a definite path gives one value or nothing, an indefinite one a list) and Synapse's way of
 * turning them into strings.
 */
import { JSONPath } from 'jsonpath-plus';
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { envelopeOf, firstBodyElement } from './envelope';
import { JsonNumber, isJsonPrimitive, parseJson, stringifyJson } from '../../model/json/json-value';
import { payloadJson } from './payload-json';
import { xmlToJson } from '../../model/json/json-xml';
import { propertyString } from './property-values';
import { scopeValue } from './scopes';
import type { Expression } from './types';

/** What a json-eval path reads: the payload, or the text of a property (`$ctx:p.a.b`). */
interface Source {
  scope?: 'ctx' | 'trp' | 'axis2';
  property?: string;
  /** The JSONPath applied to the source, starting with `$`. */
  path: string;
  /** The path ends in `.length()` (Jayway function). */
  length: boolean;
}

const NOT_FOUND = Symbol('not found');

function checkBalanced(path: string): string | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  for (const ch of path) {
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[' || ch === '(') stack.push(ch);
    else if (ch === ']' || ch === ')') {
      const open = stack.pop();
      if (open !== (ch === ']' ? '[' : '(')) return `unbalanced '${ch}'`;
    }
  }
  if (quote) return 'unterminated string';
  if (stack.length) return `unclosed '${stack[stack.length - 1]}'`;
  return undefined;
}

function parseSource(text: string): Source {
  let path = text.trim();
  let scope: Source['scope'];
  let property: string | undefined;
  const m = /^\$(ctx|trp|axis2):([^.[]+)(.*)$/.exec(path);
  if (m) {
    scope = m[1] as Source['scope'];
    property = m[2];
    path = `$${m[3]}`;
  }
  let length = false;
  const lm = /\.(length|size)\(\)$/.exec(path);
  if (lm) {
    length = true;
    path = path.slice(0, lm.index) || '$';
  }
  if (!path.startsWith('$')) throw new Error('a JSON path starts with $');
  const unbalanced = checkBalanced(path);
  if (unbalanced) throw new Error(unbalanced);
  return { scope, property, path, length };
}

/** Jayway's test for a definite path: no deep scan, wildcard, filter, union or slice. */
function isDefinite(path: string): boolean {
  return !/\.\.|\*|\[\?|\[[^\]]*[,:][^\]]*\]/.test(path.replace(/'[^']*'|"[^"]*"/g, "''"));
}

/** The JSON a json-eval reads from the message body: the JSON payload, or the XML body written as JSON. */
export function bodyAsJson(msg: MessageContext): unknown {
  if (msg.payload.kind === 'json') return payloadJson(msg);
  const first = msg.payload.kind === 'none' ? undefined : firstBodyElement(envelopeOf(msg));
  return first ? parseJson(xmlToJson(first)) : undefined;
}

/** Jayway/Gson's string for a result: primitives unquoted, objects and arrays compact JSON, null "null". */
export function jsonResultString(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (isJsonPrimitive(v)) return String(v);
  if (!Array.isArray(v)) {
    // Gson quirk that SynapseJsonPath keeps: an object holding `members` or `elements` prints that member.
    const o = v as Record<string, unknown>;
    if ('members' in o) return jsonResultString(o.members);
    if ('elements' in o) return jsonResultString(o.elements);
  }
  return stringifyJson(v);
}

/** Compiles the path inside `json-eval(...)`. Throws CONDUIT_EXPRESSION_INVALID when it does not parse. */
export function compileJsonPath(pathText: string, source = `json-eval(${pathText})`): Expression {
  let src: Source;
  try {
    src = parseSource(pathText);
  } catch (err) {
    throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `the JSON path ${pathText} does not parse: ${(err as Error).message}`, { cause: err });
  }
  const definite = isDefinite(src.path);
  const whole = src.path === '$' || src.path === '$.';

  const input = (msg: MessageContext): { value: unknown; raw?: string } => {
    if (src.scope) {
      const text = propertyString(scopeValue(msg, src.scope, src.property!)) ?? '';
      return { value: text.trim() === '' ? undefined : parseJson(text), raw: text };
    }
    return { value: bodyAsJson(msg), raw: msg.payload.kind === 'json' ? msg.payload.text : undefined };
  };

  const result = (msg: MessageContext): unknown => {
    const { value } = input(msg);
    if (value === undefined) return NOT_FOUND;
    let r: unknown;
    if (whole) r = value;
    else {
      const matches = JSONPath({ path: src.path, json: value as object, wrap: true, eval: 'safe' }) as unknown[];
      if (definite) r = matches.length === 0 ? NOT_FOUND : matches[0];
      else r = matches;
    }
    if (src.length && r !== NOT_FOUND) {
      if (Array.isArray(r)) return new JsonNumber(String(r.length));
      if (typeof r === 'string') return new JsonNumber(String(r.length));
      if (r && typeof r === 'object' && !(r instanceof JsonNumber)) return new JsonNumber(String(Object.keys(r).length));
      return NOT_FOUND;
    }
    return r;
  };

  const fail = (msg: MessageContext, log: Logger | undefined, err: unknown) => {
    log?.log('WARN', 'SynapseJsonPath', `CONDUIT_EXPRESSION_FAILED Error evaluating JSON path ${source}: ${(err as Error).message} (message ${msg.messageId})`);
  };

  return {
    source,
    kind: 'json-eval',
    evaluate(msg, log) {
      try {
        if (whole && !src.length) {
          const { raw, value } = input(msg);
          // `$` gives the payload as it came (Synapse writes the original bytes).
          return raw ?? (value === undefined ? '' : stringifyJson(value));
        }
        const r = result(msg);
        return r === NOT_FOUND ? '' : jsonResultString(r);
      } catch (err) {
        fail(msg, log, err);
        return '';
      }
    },
    evaluateBoolean(msg, log) {
      try {
        const r = result(msg);
        if (r === NOT_FOUND || r === null) return false;
        if (typeof r === 'boolean') return r;
        if (Array.isArray(r)) return r.length > 0;
        if (typeof r === 'string') return r === 'true';
        return true;
      } catch (err) {
        fail(msg, log, err);
        return false;
      }
    },
    evaluateValue(msg, log) {
      try {
        const r = result(msg);
        return r === NOT_FOUND ? undefined : r;
      } catch (err) {
        fail(msg, log, err);
        return undefined;
      }
    },
  };
}
