/**
 * `<variable>` (MI 4.4): sets or removes a variable of the message, read back as `vars.NAME` in `${...}`
 * and `$var:NAME` in XPath. A literal is converted at deploy time; an expression's result is checked
 * against the type, not converted (VariableMediatorFactory, VariableMediator, mediators/v2/Utils).
 */
import { expressionAt } from './branch';
import { ConduitError } from '../../model/errors';
import { attr } from '../../model/xml';
import { parseXmlDom } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { JsonNumber } from '../../model/json/json-value';
import { DoubleValue, isDomNode, JsonValue } from '../expressions/property-values';
import { SynapseNumber } from '../expressions/synapse';
import type { MessageContext } from '../message';
import { convertValue } from './property';
import { defineMediator } from './types';

/** XMLConfigConstants.VARIABLE_DATA_TYPES. */
export type VariableType = 'STRING' | 'BOOLEAN' | 'INTEGER' | 'LONG' | 'DOUBLE' | 'JSON' | 'XML';
const TYPES = new Set<string>(['STRING', 'BOOLEAN', 'INTEGER', 'LONG', 'DOUBLE', 'JSON', 'XML']);

export interface VariableConfig {
  name: string;
  remove: boolean;
  type?: VariableType;
  /** A literal, already converted to the type. */
  value?: unknown;
  expression?: Expression;
}

/** Axis2 JavaUtils.isTrueExplicitly(String): `true` or `yes` in any case, or `1`. */
function isTrueExplicitly(s: string): boolean {
  return s.toLowerCase() === 'true' || s === '1' || s.toLowerCase() === 'yes';
}

const INT = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[dDfF]?$/;

/**
 * Utils.convertValue for a literal. Returns undefined with no type (the string is stored as it is).
 * Throws an Error naming the problem when the text is not of the type.
 */
export function convertLiteral(text: string, type: VariableType | undefined): unknown {
  const notOfType = () => new Error(`the value "${text}" cannot be converted to ${type}`);
  switch (type) {
    case undefined:
    case 'STRING':
      return text;
    case 'BOOLEAN':
      return isTrueExplicitly(text);
    case 'INTEGER': {
      if (!INT.test(text)) throw notOfType();
      const n = SynapseNumber.int(BigInt(text));
      if (BigInt(n.value) !== BigInt(text)) throw notOfType();
      return n;
    }
    case 'LONG': {
      if (!INT.test(text)) throw notOfType();
      const n = SynapseNumber.long(BigInt(text));
      if (BigInt(n.value) !== BigInt(text)) throw notOfType();
      return n;
    }
    case 'DOUBLE': {
      // Double.parseDouble trims and accepts a trailing d or f.
      const t = text.trim();
      if (!DOUBLE.test(t)) throw notOfType();
      return SynapseNumber.double(Number(t.replace(/[dDfF]$/, '')));
    }
    case 'XML':
      return convertValue(text, 'OM', false);
    case 'JSON':
      // Same as a JSON property: Gson, retried quoted, and null when the text is not JSON at all.
      return convertValue(text, 'JSON', false);
  }
}

function mismatch(c: VariableConfig): ConduitError {
  return new ConduitError('CONDUIT_MEDIATION_FAILED', `Expression '${c.expression!.source}' result does not match the expected data type '${c.type}'`);
}

/** A JSON container from an expression, held the way a JSON property is so `$var:x` prints it as JSON. */
function asStored(v: unknown): unknown {
  if (Array.isArray(v) || (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)) return new JsonValue(v);
  return v;
}

/** Utils.convertExpressionResult: a JSON primitive is converted, any other value must already be of the type. */
function checkResult(c: VariableConfig, raw: unknown): unknown {
  const v = raw instanceof JsonValue ? raw.value : raw;
  if (v instanceof JsonNumber) {
    // A JSON number (from the payload or a JSON variable): getAsInt, getAsLong and getAsDouble.
    const n = SynapseNumber.fromText(String(v)) ?? SynapseNumber.double(Number(v));
    switch (c.type) {
      case 'INTEGER':
        return SynapseNumber.int(n.isIntegral ? (n.value as bigint) : BigInt(Math.trunc(n.toNumber())));
      case 'LONG':
        return SynapseNumber.long(n.isIntegral ? (n.value as bigint) : BigInt(Math.trunc(n.toNumber())));
      case 'DOUBLE':
        return SynapseNumber.double(n.toNumber());
      case 'BOOLEAN':
        throw mismatch(c);
      default:
        return String(v);
    }
  }
  switch (c.type) {
    case 'BOOLEAN':
      if (typeof v !== 'boolean') throw mismatch(c);
      return v;
    case 'INTEGER':
    case 'LONG':
    case 'DOUBLE': {
      const want = c.type === 'INTEGER' ? 'int' : c.type === 'LONG' ? 'long' : 'double';
      if (v instanceof DoubleValue && want === 'double') return SynapseNumber.double(v.value);
      if (!(v instanceof SynapseNumber) || v.type !== want) throw mismatch(c);
      return v;
    }
    case 'JSON':
      // A JSON string primitive becomes its text (convertJsonPrimitive's getAsString).
      if (typeof v === 'string') return v;
      if (v === null || typeof v === 'boolean') return v === null ? new JsonValue(null) : String(v);
      if (Array.isArray(v) || (typeof v === 'object' && !isDomNode(v) && !(v instanceof SynapseNumber))) return new JsonValue(v);
      throw mismatch(c);
    default:
      return asStored(v);
  }
}

function resolve(c: VariableConfig, msg: MessageContext, log: import('../logger').Logger): unknown {
  if (!c.expression) return c.value;
  if (c.type === 'STRING') return c.expression.evaluate(msg, log);
  if (c.type === 'XML') {
    const text = c.expression.evaluate(msg, log);
    try {
      return parseXmlDom(text).documentElement;
    } catch (err) {
      throw new ConduitError('CONDUIT_MEDIATION_FAILED', `the result of ${c.expression.source} is not XML: ${(err as Error).message}`, { cause: err });
    }
  }
  if (c.expression.kind === 'xpath') {
    // An XPath result is kept as its string value (stringValueOf); use type XML to keep an element.
    const text = c.expression.evaluate(msg, log);
    if (c.type === undefined) return text;
    // Jaxen gives Double for numbers and Boolean for tests, never Integer or Long.
    if (c.type === 'DOUBLE' && text.trim() !== '' && !Number.isNaN(Number(text))) return SynapseNumber.double(Number(text));
    if (c.type === 'BOOLEAN' && (text === 'true' || text === 'false')) return text === 'true';
    return checkResult(c, text);
  }
  const raw = c.expression.evaluateValue(msg, log);
  // A failed or empty evaluation gives "" in Synapse.
  return c.type === undefined ? asStored(raw ?? '') : checkResult(c, raw ?? '');
}

export default defineMediator<VariableConfig>({
  name: 'variable',
  parse(el, ctx) {
    const name = attr(el, 'name');
    if (!name) return ctx.fail('CONDUIT_ARTIFACT_INVALID', "the 'name' attribute is required for a variable", el);
    const action = attr(el, 'action') ?? 'set';
    if (action !== 'set' && action !== 'remove') return ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown variable action ${action} (set or remove)`, el);
    const typeAttr = attr(el, 'type');
    if (typeAttr !== undefined && !TYPES.has(typeAttr)) {
      return ctx.fail('CONDUIT_ARTIFACT_INVALID', `Unknown type : ${typeAttr} for the variable ${name} (STRING, BOOLEAN, INTEGER, LONG, DOUBLE, JSON or XML)`, el);
    }
    const config: VariableConfig = { name, remove: action === 'remove', type: typeAttr as VariableType | undefined };
    if (config.remove) return config;
    const value = attr(el, 'value');
    const expression = attr(el, 'expression');
    if (value !== undefined) {
      try {
        config.value = convertLiteral(value, config.type);
      } catch (err) {
        ctx.fail('CONDUIT_ARTIFACT_INVALID', `variable ${name}: ${(err as Error).message}`, el);
      }
    } else if (expression !== undefined) config.expression = expressionAt(expression, el, ctx);
    else ctx.fail('CONDUIT_ARTIFACT_INVALID', `variable ${name} needs a value or an expression`, el);
    return config;
  },
  mediate(c, msg, env) {
    if (c.remove) msg.variables.delete(c.name);
    else msg.variables.set(c.name, resolve(c, msg, env.logger));
    return true;
  },
});
