/**
 * `<call-template target="T" [onError="seq"]><with-param name="x" value=".."/>*</call-template>`: runs
 * the sequence template T (looked up per message, so a redeployed template takes effect at once) with
 * a new frame on the message's function stack, removed again when the template ends.
 *
 * With-param values follow Synapse's ValueFactory and TemplateContext: `literal` is passed as written;
 * `{xpath}`, `{json-eval(..)}` and `{${..}}` (or a bare `${..}`) are evaluated in the caller's context
 * (its own `$func:` parameters included) when the template is entered; `{{xpath}}` is kept and
 * evaluated each time the template reads the parameter. A parameter the caller does not pass takes
 * its defaultValue; a mandatory one raises ERROR_CODE 500101 (even when it has a default, as in
 * Synapse), which the call's onError handles, else the fault sequence.
 */
import type { Node } from '@xmldom/xmldom';
import { attr, elements } from '../../model/xml';
import { compileExpression, isSynapseExpression, namespacesInScope, type Expression } from '../expressions/expression';
import { JsonValue, propertyString } from '../expressions/property-values';
import { DeferredParam } from '../expressions/scopes';
import { MediationFault } from '../fault';
import type { MessageContext } from '../message';
import { defineMediator, type CompiledSequence, type CompiledTemplate, type MediationEnv, type MediatorModule } from './types';

/** How a with-param value is produced. */
export type ParamSource = { literal: string } | { now: Expression } | { deferred: Expression };

interface CallTemplateConfig {
  target: string;
  params: ReadonlyMap<string, ParamSource>;
  onError?: string;
  where: string;
}

/** Synapse's ERROR_CODE when a mandatory template parameter is neither passed nor defaulted. */
export const MANDATORY_PARAMETER_MISSING = 500101;

/** Reads a with-param `value` the way Synapse's ValueFactory does; throws CONDUIT_EXPRESSION_INVALID. */
export function parseParamValue(value: string, namespaces: Record<string, string>): ParamSource {
  const t = value.trim();
  if (t.length > 3 && t.startsWith('{{') && t.endsWith('}}')) return { deferred: compileExpression(t.slice(2, -2), namespaces) };
  if (value.startsWith('{') && value.endsWith('}')) return { now: compileExpression(value.slice(1, -1), namespaces) };
  if (isSynapseExpression(value)) return { now: compileExpression(value, namespaces) };
  return { literal: value };
}

/**
 * The value a parameter holds in the template's frame (TemplateContext.getEvaluatedParamValue): an XPath
 * gives its first node's text when that is a text or attribute node, else the node itself; a
 * Synapse expression keeps JSON objects and arrays as JSON; undefined leaves the parameter unset.
 */
function resolveParam(source: ParamSource, msg: MessageContext, env: MediationEnv): unknown {
  if ('literal' in source) return source.literal;
  if ('deferred' in source) return new DeferredParam(source.deferred);
  const expr = source.now;
  if (expr.kind === 'json-eval') return expr.evaluate(msg, env.logger);
  const v = expr.evaluateValue(msg, env.logger);
  if (expr.kind === 'xpath' && Array.isArray(v)) {
    const first = v[0] as Node | undefined;
    return first && (first.nodeType === 2 || first.nodeType === 3 || first.nodeType === 4) ? first.nodeValue : first;
  }
  if (typeof v === 'object' && v !== null && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) return new JsonValue(v);
  return propertyString(v);
}

/** Builds the template's frame from the caller's arguments, defaults and mandatory checks. */
function frameFor(template: CompiledTemplate, config: CallTemplateConfig, msg: MessageContext, env: MediationEnv): Map<string, unknown> {
  const frame = new Map<string, unknown>();
  for (const p of template.parameters) {
    const source = config.params.get(p.name);
    let value: unknown;
    if (source) value = resolveParam(source, msg, env);
    else if (p.mandatory) {
      throw new MediationFault(
        'CONDUIT_TEMPLATE_PARAMETER_MISSING',
        `Neither a value nor default value is provided for mandatory parameter: ${p.name} in seq-template ${template.name}`,
        MANDATORY_PARAMETER_MISSING,
      );
    } else value = p.defaultValue;
    if (value !== undefined && value !== null) frame.set(p.name, value);
  }
  return frame;
}

/** Enters the template: the one step of the sequence that carries the call's onError. */
const enter: MediatorModule<{ template: CompiledTemplate; call: CallTemplateConfig }> = {
  name: 'call-template',
  parse: (el, ctx) => ctx.fail('CONDUIT_MEDIATOR_UNKNOWN', 'a template frame is made by <call-template>, not written in XML', el),
  async mediate({ template, call }, msg, env) {
    msg.functionStack.push(frameFor(template, call, msg, env));
    try {
      return await env.run(template.sequence, msg);
    } finally {
      msg.functionStack.pop();
    }
  },
};

export default defineMediator<CallTemplateConfig>({
  name: 'call-template',
  parse(el, ctx) {
    const target = attr(el, 'target');
    if (!target) return ctx.fail('CONDUIT_ARTIFACT_INVALID', '<call-template> needs a non-empty target attribute', el);
    const params = new Map<string, ParamSource>();
    for (const p of elements(el, 'with-param')) {
      const name = attr(p, 'name');
      // Synapse skips a with-param without a name attribute but refuses an empty one.
      if (name === undefined) continue;
      if (name === '') ctx.fail('CONDUIT_ARTIFACT_INVALID', 'a <with-param> of <call-template> has an empty name', p);
      const value = attr(p, 'value');
      if (value === undefined) return ctx.fail('CONDUIT_ARTIFACT_INVALID', `<with-param name="${name}"> needs a value attribute`, p);
      try {
        params.set(name, parseParamValue(value, namespacesInScope(p)));
      } catch (err) {
        ctx.fail('CONDUIT_EXPRESSION_INVALID', `<with-param name="${name}"> value ${value}: ${(err as Error).message}`, p);
      }
    }
    return { target, params, onError: attr(el, 'onError'), where: ctx.where(el) };
  },
  mediate(config, msg, env) {
    const template = env.template(config.target);
    // Raised before the call's onError applies, as in InvokeMediator: the fault sequence handles it.
    if (!template) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `Sequence template ${config.target} cannot be found (${config.where})`);
    const call: CompiledSequence = {
      name: `call-template ${config.target}`,
      steps: [{ module: enter as MediatorModule<unknown>, config: { template, call: config }, where: config.where }],
      onError: config.onError,
    };
    return env.run(call, msg);
  },
});
