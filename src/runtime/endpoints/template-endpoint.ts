/**
 * Endpoint templates, as Synapse's Template and TemplateEndpoint: `<template name="T"><parameter
 * name="x"/>*<endpoint ..>..</endpoint></template>` is deployed as its `<endpoint>` element, and an
 * `<endpoint template="T" name=".." uri=".."><parameter name="x" value=".."/></endpoint>` sends
 * through a copy in which every attribute value or text that is exactly `$x` is replaced by x's value
 * (only whole values, and only parameters the template declares; `name` and `uri` always are).
 *
 * The template is looked up when a message is sent, so it may deploy after the endpoints that use it
 * (MI's order) and a redeployed template takes effect at once; the endpoint built from one template
 * version is kept, with its suspension state, until the template changes.
 */
import { attr, child, elements, type XmlElement, type XmlNode } from '../../model/xml';
import { deployError } from '../deploy-error';
import { MediationFault, SYNAPSE_ERRORS } from '../fault';
import type { MessageContext } from '../message';
import type { TemplateRefDefinition } from './definition';
import type { Endpoint, EndpointContext } from './endpoint';

/** A deployed endpoint template. */
export interface EndpointTemplate {
  readonly name: string;
  /** Declared parameters, plus `name` and `uri`. */
  readonly parameters: ReadonlySet<string>;
  /** The `<endpoint>` the template stamps out. */
  readonly element: XmlElement;
  readonly file: string;
}

/** Reads a `<template>` whose body is an `<endpoint>`; throws DeployError when it has none. */
export function compileEndpointTemplate(el: XmlElement, file: string, name: string): EndpointTemplate {
  const element = child(el, 'endpoint');
  if (!element) throw deployError('CONDUIT_ARTIFACT_INVALID', 'an endpoint template needs an <endpoint> element', file, el);
  const parameters = new Set(['name', 'uri']);
  for (const p of elements(el, 'parameter')) {
    const paramName = attr(p, 'name');
    if (paramName === undefined) throw deployError('CONDUIT_ARTIFACT_INVALID', 'a <parameter> of an endpoint template needs a name', file, p);
    parameters.add(paramName.trim());
  }
  return { name, parameters, element, file };
}

/** A copy of the template's endpoint with the `$x` values replaced (Template.replaceElement). */
export function instantiate(template: EndpointTemplate, values: ReadonlyMap<string, string>): XmlElement {
  const replace = (text: string): string => {
    if (!text.startsWith('$')) return text;
    const param = text.slice(1);
    const value = template.parameters.has(param) ? values.get(param) : undefined;
    return value ?? text;
  };
  const copy = (el: XmlElement, parent?: XmlElement): XmlElement => {
    const out: XmlElement = { ...el, parent, attrs: el.attrs.map((a) => ({ ...a, value: replace(a.value) })), children: [] };
    out.children = el.children.map((c): XmlNode => (c.kind === 'element' ? copy(c, out) : { ...c, text: replace(c.text) }));
    return out;
  };
  return copy(template.element, template.element.parent);
}

/** Builds an endpoint from an `<endpoint>` element (deployEndpoint; passed in to keep the modules acyclic). */
export type EndpointBuilder = (el: XmlElement, file: string) => Endpoint;

export class TemplateEndpoint implements Endpoint {
  /** The endpoint built from each template version seen; a redeployed template is a new object. */
  private readonly built = new WeakMap<EndpointTemplate, Endpoint>();
  private last?: Endpoint;

  constructor(
    readonly def: TemplateRefDefinition,
    private readonly build: EndpointBuilder,
  ) {}

  get name(): string {
    return this.def.name;
  }

  /** The endpoint the current template version gives; a MediationFault (ERROR_CODE 305100) when it is not deployed. */
  private real(ctx: EndpointContext): Endpoint {
    const template = ctx.endpointTemplates?.get(this.def.template);
    if (!template) {
      throw new MediationFault(
        'CONDUIT_REFERENCE_UNRESOLVED',
        `Couldn't find the endpoint with the name ${this.def.name} & template : ${this.def.template} (${this.def.where})`,
        SYNAPSE_ERRORS.ENDPOINT_IN_DIRECT_NOT_READY,
      );
    }
    let endpoint = this.built.get(template);
    if (!endpoint) {
      endpoint = this.build(instantiate(template, this.def.parameters), template.file);
      this.built.set(template, endpoint);
    }
    this.last = endpoint;
    return endpoint;
  }

  ready(ctx: EndpointContext): boolean {
    // A template that is missing or does not instantiate: let send raise the fault rather than report "not ready".
    try {
      return this.real(ctx).ready(ctx);
    } catch {
      return true;
    }
  }

  retries(errorCode: number | string): boolean {
    return this.last?.retries(errorCode) ?? true;
  }

  async send(msg: MessageContext, ctx: EndpointContext): Promise<void> {
    await this.real(ctx).send(msg, ctx);
  }
}
