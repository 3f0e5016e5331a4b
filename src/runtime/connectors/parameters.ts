/**
 * An operation's parameters as MI's InvokeMediator reads them: a whole value written `{...}` (`{$ctx:x}`,
 * `{json-eval($.a)}`, `{${vars.x}}`) is an expression evaluated when the operation runs; anything else is
 * text in which `${...}` expressions are filled in (InlineExpressionUtil), as the connectors do for
 * paths, headers and bodies. Compiled once at deploy time.
 */
import { isDynamicValue, parameterElements } from '../../model/catalog/connectors';
import { ConduitError } from '../../model/errors';
import { elements, elementToString, textOf, type XmlElement } from '../../model/xml';
import { compileExpression, compileTemplate, namespacesInScope, renderTemplate, type Expression, type TemplatePart } from '../expressions/expression';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import type { ParseContext } from '../mediators/types';

export type ParameterValue = { readonly expression: Expression } | { readonly template: readonly TemplatePart[]; readonly literal?: string };

export type CompiledParameters = ReadonlyMap<string, ParameterValue>;

/** The raw text of a parameter element; XML written inside it (an XML body) is kept as XML text. */
function rawText(el: XmlElement): string {
  const inner = elements(el);
  return inner.length > 0 ? inner.map(elementToString).join('') : textOf(el);
}

export function compileParameters(el: XmlElement, ctx: ParseContext): CompiledParameters {
  const out = new Map<string, ParameterValue>();
  for (const [name, p] of parameterElements(el)) {
    const text = rawText(p);
    const namespaces = namespacesInScope(p);
    try {
      if (isDynamicValue(text)) {
        const inner = text.trim().slice(1, -1).trim();
        out.set(name, { expression: compileExpression(inner, namespaces) });
      } else if (text.includes('${')) out.set(name, { template: compileTemplate(text, namespaces) });
      else out.set(name, { template: [{ literal: text }], literal: text });
    } catch (err) {
      if (err instanceof ConduitError) ctx.fail(err.code, `<${el.local}> parameter ${name}: ${err.message}`, p);
      throw err;
    }
  }
  return out;
}

/** A parameter's value for this message; undefined when the operation does not give it. */
export function parameterValue(params: CompiledParameters, name: string, msg: MessageContext, log: Logger): string | undefined {
  const p = params.get(name);
  if (!p) return undefined;
  if ('expression' in p) return p.expression.evaluate(msg, log);
  return p.literal ?? renderTemplate(p.template as TemplatePart[], msg, log);
}

/** The literal text of a parameter known at deploy time (no expression in it). */
export function literalParameter(params: CompiledParameters, name: string): string | undefined {
  const p = params.get(name);
  return p && 'literal' in p ? p.literal : undefined;
}
