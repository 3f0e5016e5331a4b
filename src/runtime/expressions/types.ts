/**
 * What a compiled expression offers the mediators. Expressions are compiled once at deploy time;
 * evaluation never throws: a failure yields "" (or false / no nodes) and a WARN, as in MI.
 */
import type { Node } from '@xmldom/xmldom';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';

export type ExpressionKind = 'xpath' | 'json-eval' | 'synapse';

export interface Expression {
  /** The expression text as written. */
  readonly source: string;
  readonly kind: ExpressionKind;
  /** stringValueOf: the string MI would compute; "" on failure (logged as WARN when a logger is given). */
  evaluate(msg: MessageContext, log?: Logger): string;
  /** Boolean value, as the filter mediator's xpath form uses it. */
  evaluateBoolean(msg: MessageContext, log?: Logger): boolean;
  /** XPath only: the selected nodes (elements, attributes, text), or undefined when the result is not a node set. */
  evaluateNodes?(msg: MessageContext, log?: Logger): Node[] | undefined;
  /**
   * The raw value for callers that keep types (enrich with JSON, the property mediator with type JSON,
   * payloadFactory's json evaluator): a JSON value for json-eval and `${...}`, a string or nodes for XPath.
   * undefined when nothing was found.
   */
  evaluateValue(msg: MessageContext, log?: Logger): unknown;
}

/** Prefix → namespace URI declarations in scope where the expression was written. */
export type Namespaces = Record<string, string>;
