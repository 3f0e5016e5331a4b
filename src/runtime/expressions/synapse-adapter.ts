/**
 * Adapts the MI 4.4 Synapse expression evaluator (./synapse) to the Expression interface every
 * mediator uses, giving it the message's payload, headers and properties, XPath for `xpath(...)`,
 * and the runtime's logger for its warnings.
 */
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { parseXmlDom } from './envelope';
import { parseJson } from '../../model/json/json-value';
import { xmlToJson } from '../../model/json/json-xml';
import { compileSynapseExpression, evaluateSynapseExpression, renderResult, scopeFromMessage, type SynapseScope } from './synapse';
import type { Expression, Namespaces } from './types';
import { compileXPath } from './xpath-expression';

/** Compiles a whole `${...}` value. Throws CONDUIT_EXPRESSION_INVALID when it does not parse. */
export function compileSynapse(source: string, namespaces: Namespaces): Expression {
  const t = source.trim();
  const compiled = compileSynapseExpression(t.slice(2, -1));
  const scope = (msg: MessageContext, log?: Logger): SynapseScope =>
    scopeFromMessage(msg, {
      warn: (m) => log?.log('WARN', 'SynapseExpression', m),
      xmlToJson: (xml) => parseJson(xmlToJson(parseXmlDom(xml).documentElement!)),
      xpath: (expr) => compileXPath(expr, namespaces).evaluate(msg, log),
    });
  const value = (msg: MessageContext, log?: Logger) => evaluateSynapseExpression(compiled, scope(msg, log));
  return {
    source: t,
    kind: 'synapse',
    evaluate: (msg, log) => renderResult(value(msg, log)),
    evaluateBoolean: (msg, log) => {
      const v = value(msg, log);
      return v === true || v === 'true';
    },
    evaluateValue: (msg, log) => {
      const v = value(msg, log);
      return v === '' ? undefined : v;
    },
  };
}
