/**
 * Parsing shared by the mediators: expressions and Java regexes compiled at deploy time, with a located
 * problem when they are invalid, so every mediator refuses a bad one in the same words.
 */
import { compileExpression, namespacesInScope, type Expression } from '../expressions/expression';
import { compileJavaRegex, type JavaRegex } from '../../model/java-regex';
import type { XmlElement } from '../../model/xml';
import type { ParseContext } from './types';

export function expressionAt(text: string, at: XmlElement, ctx: ParseContext): Expression {
  try {
    return compileExpression(text, namespacesInScope(at));
  } catch (err) {
    return ctx.fail('CONDUIT_EXPRESSION_INVALID', (err as Error).message, at);
  }
}

export function regexAt(pattern: string, at: XmlElement, ctx: ParseContext): JavaRegex {
  try {
    return compileJavaRegex(pattern);
  } catch (err) {
    return ctx.fail('CONDUIT_EXPRESSION_INVALID', (err as Error).message, at);
  }
}
