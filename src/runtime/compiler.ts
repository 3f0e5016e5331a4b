/**
 * Deploy-time compilation of mediator lists: each element is looked up in the mediator registry and
 * parsed once by its module. Unknown elements refuse the artifact with their location.
 */
import type { ErrorCode } from '../model/errors';
import { unsupportedMediatorMessage } from '../model/validate/schema';
import { attr, child, elements, SYNAPSE_NS, type XmlElement } from '../model/xml';
import { deployError, whereOf } from './deploy-error';
import { connectorModule } from './connectors';
import { createEndpoint } from './endpoints/create';
import { parseEndpointElement } from './endpoints/definition';
import type { MediatorRegistry } from './mediators/registry';
import type { CompiledSequence, CompiledStep, CompiledTemplate, EndpointRef, ParseContext, TemplateParameter } from './mediators/types';

/** Elements that may appear among mediators without being mediators. */
const NOT_MEDIATORS = new Set(['description']);

export interface CompilerDeps {
  registry: MediatorRegistry;
  /** Registry resource or local entry content by key. */
  resource(key: string): Buffer | undefined;
  /** State shared by every artifact of one runtime (connector connections); a context of its own when absent. */
  shared?: Map<unknown, unknown>;
}

export function createParseContext(file: string, deps: CompilerDeps): ParseContext {
  const shared = deps.shared ?? new Map<unknown, unknown>();
  const ctx: ParseContext = {
    file,
    parseSequence(parent, children) {
      const list = children ?? elements(parent);
      const steps: CompiledStep[] = [];
      for (const el of list) {
        if (NOT_MEDIATORS.has(el.local)) continue;
        const module = el.ns === SYNAPSE_NS || el.ns === '' ? (deps.registry.get(el.local) ?? connectorModule(el.local)) : undefined;
        if (!module) {
          const unsupported = unsupportedMediatorMessage(el.local);
          if (unsupported) ctx.fail('CONDUIT_UNSUPPORTED', unsupported, el);
          ctx.fail('CONDUIT_MEDIATOR_UNKNOWN', `<${el.name}> is not a mediator the Conduit runtime knows`, el);
        }
        steps.push({ module, config: module.parse(el, ctx), where: whereOf(file, el) });
      }
      return { steps };
    },
    resource: (key) => deps.resource(key),
    shared<T>(owner: object, create: () => T): T {
      if (!shared.has(owner)) shared.set(owner, create());
      return shared.get(owner) as T;
    },
    fail(code: ErrorCode, message: string, at?: XmlElement): never {
      throw deployError(code, message, file, at);
    },
    parseEndpoint(el): EndpointRef {
      const def = parseEndpointElement(el, file);
      if (def.kind === 'key') return { key: def.target, where: def.where };
      return { inline: createEndpoint(def), where: def.where };
    },
    where: (el) => whereOf(file, el),
  };
  return ctx;
}

/** Compiles a `<sequence name=..>` artifact (or a resource's in/out/fault sequence element). */
export function compileSequenceElement(el: XmlElement, ctx: ParseContext, name?: string): CompiledSequence {
  const seq = ctx.parseSequence(el);
  return { name, steps: seq.steps, onError: attr(el, 'onError') };
}

/**
 * Compiles a sequence template (TemplateMediatorFactory): its `<parameter>`s and the mediators of its
 * `<sequence>`. The template's onError (else its sequence's) handles faults raised in the body.
 */
export function compileSequenceTemplate(el: XmlElement, ctx: ParseContext, name: string): CompiledTemplate {
  const body = child(el, 'sequence');
  if (!body) return ctx.fail('CONDUIT_ARTIFACT_INVALID', `template '${name}' has no <sequence> to run`, el);
  const parameters: TemplateParameter[] = [];
  for (const p of elements(el, 'parameter')) {
    const paramName = attr(p, 'name');
    if (!paramName) return ctx.fail('CONDUIT_ARTIFACT_INVALID', `a parameter of template '${name}' has no name`, p);
    parameters.push({ name: paramName, mandatory: attr(p, 'isMandatory')?.toLowerCase() === 'true', defaultValue: attr(p, 'defaultValue') });
  }
  const sequence = ctx.parseSequence(body);
  return { name, parameters, sequence: { name, steps: sequence.steps, onError: attr(el, 'onError') ?? attr(body, 'onError') } };
}
