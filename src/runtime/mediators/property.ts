/**
 * `<property>`: sets or removes a property in the default, transport, axis2 or operation scope, from a
 * literal (converted at deploy time), an expression (converted per message) or an inline XML element.
 */
import type { Element } from '@xmldom/xmldom';
import { ConduitError } from '../../model/errors';
import { attr, elements } from '../../model/xml';
import { toDom } from '../expressions/dom';
import { parseXmlDom } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import type { JavaRegex } from '../../model/java-regex';
import { parseJson } from '../../model/json/json-value';
import { DoubleValue, JsonValue, propertyString } from '../expressions/property-values';
import type { MessageContext } from '../message';
import { expressionAt, regexAt } from './branch';
import { defineMediator } from './types';

export type PropertyScope = 'default' | 'transport' | 'axis2' | 'axis2-client' | 'operation';
const SCOPES = new Set<string>(['default', 'transport', 'axis2', 'axis2-client', 'operation']);
const TYPES = new Set(['STRING', 'INTEGER', 'BOOLEAN', 'DOUBLE', 'FLOAT', 'LONG', 'SHORT', 'OM', 'JSON']);

export interface PropertyConfig {
  name?: string;
  dynamicName?: Expression;
  remove: boolean;
  scope: PropertyScope;
  type: string;
  /** A literal or inline value, already converted to the type. */
  value?: unknown;
  expression?: Expression;
  pattern?: JavaRegex;
  group: number;
}

/** Axis2 JavaUtils.isTrueExplicitly. */
function isTrue(s: string): boolean {
  return ['true', 'yes', '1', 'on'].includes(s.trim().toLowerCase());
}

/** Converts a string to a property type as PropertyMediator.convertValue does. Throws on a bad number. */
export function convertValue(text: string, type: string, fromExpression: boolean): unknown {
  const bad = () => new ConduitError('CONDUIT_MEDIATION_FAILED', `the value "${text}" is not a valid ${type}`);
  switch (type) {
    case 'INTEGER':
    case 'SHORT':
    case 'LONG': {
      const t = text.trim();
      if (fromExpression && type !== 'LONG' && t.includes('.')) {
        const d = Number(t);
        if (Number.isNaN(d)) throw bad();
        return Math.trunc(d);
      }
      if (!/^[+-]?\d+$/.test(t)) throw bad();
      return Number(t);
    }
    case 'DOUBLE':
    case 'FLOAT': {
      const d = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(d)) throw bad();
      return new DoubleValue(d);
    }
    case 'BOOLEAN':
      return isTrue(text);
    case 'OM':
      return parseXmlDom(text).documentElement;
    case 'JSON':
      try {
        return new JsonValue(parseJson(text));
      } catch {
        try {
          return new JsonValue(parseJson(JSON.stringify(text)));
        } catch {
          return null;
        }
      }
    default:
      return text;
  }
}

/** Sets a property in a scope, with MI's special handling of messageType. */
export function setScopedProperty(msg: MessageContext, scope: PropertyScope, name: string, value: unknown): void {
  switch (scope) {
    case 'transport':
      msg.transportHeaders.set(name, propertyString(value) ?? '');
      return;
    case 'axis2':
    case 'axis2-client':
      msg.axis2.set(name, value);
      if (name === 'messageType') {
        // MediatorPropertyUtils.handleSpecialProperties: the content type follows the message type.
        const type = propertyString(value) ?? '';
        msg.axis2.set('ContentType', type);
        msg.transportHeaders.set('Content-Type', type);
      }
      return;
    case 'operation':
      msg.operation.set(name, value);
      return;
    default:
      msg.setProperty(name, value);
  }
}

/** Removes a property from a scope. */
export function removeScopedProperty(msg: MessageContext, scope: PropertyScope, name: string): void {
  if (scope === 'transport') msg.transportHeaders.delete(name);
  else if (scope === 'axis2' || scope === 'axis2-client') msg.axis2.delete(name);
  else if (scope === 'operation') msg.operation.delete(name);
  else msg.properties.delete(name);
}

export default defineMediator<PropertyConfig>({
  name: 'property',
  parse(el, ctx) {
    const nameAttr = attr(el, 'name');
    if (!nameAttr) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'a property needs a name', el);
    const scope = attr(el, 'scope') ?? 'default';
    if (!SCOPES.has(scope)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `the property scope ${scope} is not supported (default, transport, axis2, axis2-client, operation)`, el);
    const type = (attr(el, 'type') ?? 'STRING').toUpperCase();
    if (!TYPES.has(type)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown property type ${type}`, el);
    const action = attr(el, 'action') ?? 'set';
    if (action !== 'set' && action !== 'remove') ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown property action ${action} (set or remove)`, el);
    const dynamic = /^\{(.+)\}$/.exec(nameAttr);
    const config: PropertyConfig = {
      name: dynamic ? undefined : nameAttr,
      dynamicName: dynamic ? expressionAt(dynamic[1], el, ctx) : undefined,
      remove: action === 'remove',
      scope: scope as PropertyScope,
      type,
      group: Number(attr(el, 'group') ?? '0'),
    };
    const pattern = attr(el, 'pattern');
    if (pattern !== undefined) config.pattern = regexAt(pattern, el, ctx);
    if (config.remove) return config;
    const value = attr(el, 'value');
    const expression = attr(el, 'expression');
    const inline = elements(el)[0];
    if (value !== undefined) {
      try {
        config.value = convertValue(value, type, false);
      } catch (err) {
        ctx.fail('CONDUIT_ARTIFACT_INVALID', (err as Error).message, el);
      }
    } else if (expression !== undefined) config.expression = expressionAt(expression, el, ctx);
    else if (inline) config.value = type === 'JSON' ? new JsonValue(toDom(inline).textContent) : toDom(inline);
    else ctx.fail('CONDUIT_ARTIFACT_INVALID', `property ${nameAttr} needs a value, an expression or an inline element`, el);
    return config;
  },
  mediate(c, msg, env) {
    const name = c.name ?? c.dynamicName!.evaluate(msg, env.logger);
    if (c.remove) {
      removeScopedProperty(msg, c.scope, name);
      return true;
    }
    let value: unknown = c.value;
    if (c.expression) {
      if (c.type === 'OM' && !c.pattern) {
        const nodes = c.expression.evaluateNodes?.(msg, env.logger);
        const element = nodes?.find((n) => n.nodeType === 1) as Element | undefined;
        if (element) {
          setScopedProperty(msg, c.scope, name, element.cloneNode(true));
          return true;
        }
      }
      let text = c.expression.evaluate(msg, env.logger);
      if (c.pattern) {
        const m = c.pattern.match(text);
        text = m ? (m[c.group] ?? '') : '';
      }
      value = convertValue(text, c.type, true);
    }
    setScopedProperty(msg, c.scope, name, value);
    return true;
  },
});
