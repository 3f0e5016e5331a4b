/**
 * `<header>`: sets or removes an HTTP header (scope="transport") or, in the default scope, a
 * WS-Addressing header of the message (To, From, Action, ReplyTo, FaultTo, RelatesTo, MessageID).
 */
import { attr, elements } from '../../model/xml';
import type { Expression } from '../expressions/expression';
import { expressionAt } from './branch';
import { defineMediator } from './types';

export interface HeaderConfig {
  name: string;
  scope: 'default' | 'transport';
  remove: boolean;
  value?: string;
  expression?: Expression;
}

const WSA = new Set(['To', 'From', 'Action', 'ReplyTo', 'FaultTo', 'RelatesTo', 'MessageID']);

export default defineMediator<HeaderConfig>({
  name: 'header',
  parse(el, ctx) {
    const scope = attr(el, 'scope') ?? 'default';
    if (scope !== 'default' && scope !== 'transport') ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown header scope ${scope} (default or transport)`, el);
    const qname = attr(el, 'name');
    if (!qname) {
      const inline = elements(el)[0];
      return ctx.fail('CONDUIT_ARTIFACT_INVALID', inline ? 'inline SOAP header blocks are not supported; use a named header' : 'a header needs a name', el);
    }
    const name = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
    if (scope === 'default' && !WSA.has(name)) {
      ctx.fail('CONDUIT_ARTIFACT_INVALID', `the SOAP header ${qname} is not supported; default scope handles the WS-Addressing headers (To, From, Action, ReplyTo, FaultTo, RelatesTo, MessageID)`, el);
    }
    const action = attr(el, 'action') ?? 'set';
    if (action !== 'set' && action !== 'remove') ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown header action ${action} (set or remove)`, el);
    const value = attr(el, 'value');
    const expression = attr(el, 'expression');
    if (action === 'set' && value === undefined && expression === undefined) ctx.fail('CONDUIT_ARTIFACT_INVALID', `header ${qname} needs a value or an expression`, el);
    return {
      name: scope === 'transport' ? qname : name,
      scope: scope as HeaderConfig['scope'],
      remove: action === 'remove',
      value,
      expression: expression !== undefined ? expressionAt(expression, el, ctx) : undefined,
    };
  },
  mediate(c, msg, env) {
    const value = c.remove ? undefined : (c.value ?? c.expression!.evaluate(msg, env.logger));
    if (c.scope === 'transport') {
      if (value === undefined) msg.transportHeaders.delete(c.name);
      else msg.transportHeaders.set(c.name, value);
      return true;
    }
    if (c.name === 'To') msg.to = value;
    else if (c.name === 'MessageID') {
      if (value !== undefined) msg.messageId = value;
    } else if (c.name === 'Action') {
      if (value === undefined) msg.axis2.delete('WSAction');
      else msg.axis2.set('WSAction', value);
    } else if (value === undefined) msg.axis2.delete(`wsa:${c.name}`);
    else msg.axis2.set(`wsa:${c.name}`, value);
    return true;
  },
});
