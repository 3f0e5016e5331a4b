/**
 * Reading the property scopes of a message the way Synapse's XPath variables and get-property do.
 */
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { formatJavaDate } from './java-format';
import { propertyString } from './property-values';
import type { Expression } from './types';

/**
 * A template parameter passed as `{{expr}}`: Synapse keeps the expression and evaluates it each time
 * the template reads the parameter, against the message as it is then.
 */
export class DeferredParam {
  constructor(readonly expression: Expression) {}
}

/** The value of a parameter of the innermost running sequence template; undefined outside one. */
export function functionParam(msg: MessageContext, name: string, log?: Logger): unknown {
  const value = msg.functionStack.at(-1)?.get(name);
  return value instanceof DeferredParam ? value.expression.evaluateValue(msg, log) : value;
}

const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
/** Default format of `get-property('SYSTEM_DATE')`. */
export const DEFAULT_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

/** The scopes get-property accepts as a first of two arguments. */
export const SCOPES = new Set(['axis2', 'transport', 'operation', 'registry', 'system', 'env', 'file', 'func', 'default']);

export { WSA_ANONYMOUS };

function specialKey(msg: MessageContext, key: string): string | undefined {
  switch (key) {
    case 'To':
      return msg.to ?? '';
    case 'From':
    case 'FaultTo':
    case 'ReplyTo':
    case 'RelatesTo':
    case 'Action':
      return propertyString(msg.axis2.get('WSAction')) ?? '';
    case 'OperationNamespace':
      return propertyString(msg.axis2.get(`wsa:${key}`)) ?? '';
    case 'MessageID':
      return msg.messageId;
    case 'FAULT':
      return msg.properties.get('FAULT') === true || msg.properties.get('FAULT') === 'true' ? 'true' : '';
    case 'MESSAGE_FORMAT': {
      const type = String(msg.axis2.get('messageType') ?? msg.transportHeaders.get('content-type') ?? '');
      if (type.includes('application/soap+xml')) return 'soap12';
      if (type.includes('text/xml') && msg.transportHeaders.has('soapaction')) return 'soap11';
      return msg.method === 'GET' ? 'get' : 'pox';
    }
    case 'OperationName':
      return 'mediate';
    default:
      return undefined;
  }
}

/** The value of a property in a scope, as an expression sees it: a string, a DOM node, or undefined. */
export function scopeValue(msg: MessageContext, scope: string, key: string): unknown {
  switch (scope) {
    case 'default':
    case 'ctx':
      return msg.properties.get(key);
    case 'axis2':
      return msg.axis2.get(key);
    case 'transport':
    case 'trp':
      return msg.transportHeaders.get(key);
    case 'operation':
      return msg.operation.get(key);
    case 'var':
      return msg.variables.get(key);
    case 'env':
      return process.env[key];
    case 'func':
      return functionParam(msg, key);
    case 'url':
      return urlParam(msg, key);
    default:
      // system, file and registry properties are not part of a Conduit runtime: they read as empty.
      return undefined;
  }
}

/** `$url:NAME`: the URL-decoded query parameter, name matched case-insensitively; else a URI variable. */
function urlParam(msg: MessageContext, name: string): string | undefined {
  const q = msg.requestPath.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(msg.requestPath.slice(q + 1));
    const lower = name.toLowerCase();
    for (const [k, v] of params) if (k.toLowerCase() === lower) return v;
  }
  const uriVar = msg.properties.get(`uri.var.${name}`) ?? msg.properties.get(`query.param.${name}`);
  return uriVar === undefined ? undefined : String(uriVar);
}

/**
 * get-property with one, two or three arguments (GetPropertyFunction): special keys, SYSTEM_TIME and
 * SYSTEM_DATE in any scope, scopes, `(key, dateFormat)`. Missing values give undefined.
 */
export function getProperty(msg: MessageContext, args: string[]): unknown {
  let scope = 'default';
  let key: string;
  let dateFormat: string | undefined;
  if (args.length === 1) key = args[0];
  else if (args.length === 2) {
    if (SCOPES.has(args[0])) [scope, key] = args;
    else [key, dateFormat] = args;
  } else [scope, key, dateFormat] = args;
  if (key === 'SYSTEM_TIME') return String(Date.now());
  if (key === 'SYSTEM_DATE') return formatJavaDate(new Date(), dateFormat ?? DEFAULT_DATE_FORMAT);
  if (scope === 'default') {
    const special = specialKey(msg, key);
    if (special !== undefined) return special;
  }
  return scopeValue(msg, scope, key);
}
