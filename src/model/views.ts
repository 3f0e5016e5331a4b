/**
 * Typed views of artifacts, read from the positioned XML tree on demand. A view holds the values the
 * runtime and the editor need, each with the range it was read from; the tree stays the source of
 * truth, so a view is cheap to rebuild after an edit.
 */
import { processorClassSpec, type MessageProcessorType } from './catalog/message-processors';
import { storeClassSpec, storeType, type MessageStoreType } from './catalog/message-stores';
import type { Artifact } from './types';
import { attrNode, child, elements, LineIndex, textOf, type Range, type XmlElement } from './xml';

/** A value read from an attribute (range of the value between the quotes) or element text (trimmed). */
export interface Value {
  value: string;
  range: Range;
}

/** Where view functions read from: an artifact (ranges exact) or a bare element (e.g. built with `el()`). */
export type ViewSource = Artifact | XmlElement;

interface Ctx {
  text?: string;
  lines?: LineIndex;
}

const lineIndexes = new WeakMap<object, LineIndex>();

function ctxOf(src: ViewSource): { el: XmlElement; ctx: Ctx } {
  if ('kind' in src && src.kind === 'element') return { el: src, ctx: {} };
  const a = src as Artifact;
  let lines = lineIndexes.get(a.doc);
  if (!lines) {
    lines = new LineIndex(a.doc.text);
    lineIndexes.set(a.doc, lines);
  }
  return { el: a.element, ctx: { text: a.doc.text, lines } };
}

function attrValue(el: XmlElement, name: string): Value | undefined {
  const a = attrNode(el, name);
  return a ? { value: a.value, range: a.valueRange } : undefined;
}

/** The trimmed text content of an element, with the range of the trimmed text in the source. */
function textValue(el: XmlElement, ctx: Ctx): Value {
  const value = textOf(el).trim();
  const texts = el.children.filter((c) => c.kind === 'text');
  if (texts.length === 0) return { value, range: { start: el.range.end, end: el.range.end } };
  const first = texts[0].range;
  const last = texts[texts.length - 1].range;
  if (!ctx.text || !ctx.lines) return { value, range: { start: first.start, end: last.end } };
  let s = first.start.offset;
  let e = last.end.offset;
  while (s < e && /\s/.test(ctx.text[s])) s++;
  while (e > s && /\s/.test(ctx.text[e - 1])) e--;
  return { value, range: ctx.lines.range(s, e) };
}

function childText(el: XmlElement, local: string, ctx: Ctx): Value | undefined {
  const c = child(el, local);
  return c ? textValue(c, ctx) : undefined;
}

/** `<parameter name="..">value</parameter>`, `<parameter name=".." expression=".."/>` or `key=".."`. */
export interface Parameter {
  name: string;
  value: string;
  expression?: string;
  key?: string;
  /** The whole `<parameter>` element. */
  range: Range;
  /** The text value, or the expression/key attribute value when the parameter has no text. */
  valueRange: Range;
  element: XmlElement;
}

function parametersOf(el: XmlElement, ctx: Ctx, local = 'parameter'): Parameter[] {
  return elements(el, local).map((p) => {
    const text = textValue(p, ctx);
    const expression = attrValue(p, 'expression');
    const key = attrValue(p, 'key');
    const valueAttr = attrValue(p, 'value');
    const value = valueAttr && text.value === '' ? valueAttr : text;
    return {
      name: attrNode(p, 'name')?.value ?? '',
      value: value.value,
      expression: expression?.value,
      key: key?.value,
      range: p.range,
      valueRange: value.value === '' ? (expression ?? key ?? value).range : value.range,
      element: p,
    };
  });
}

/** The value of the last parameter with this name (later ones win, as in Synapse's parameter map). */
export function parameterValue(params: readonly Parameter[], name: string): string | undefined {
  for (let i = params.length - 1; i >= 0; i--) if (params[i].name === name) return params[i].value;
  return undefined;
}

export function findParameter(params: readonly Parameter[], name: string): Parameter | undefined {
  for (let i = params.length - 1; i >= 0; i--) if (params[i].name === name) return params[i];
  return undefined;
}

/**
 * A sequence slot (resource/proxy in-, out- or fault sequence): either a key naming a sequence
 * artifact, or inline mediators. As in Synapse, the attribute wins when both are present.
 */
export interface SequenceSlot {
  key?: Value;
  element?: XmlElement;
  mediators: XmlElement[];
}

function slot(owner: XmlElement, local: 'inSequence' | 'outSequence' | 'faultSequence'): SequenceSlot | undefined {
  const key = attrValue(owner, local);
  if (key) return { key, mediators: [] };
  const e = child(owner, local);
  return e ? { element: e, mediators: mediatorsOf(e) } : undefined;
}

/** Mediator elements of a sequence-like element (description is metadata, not a mediator). */
export function mediatorsOf(el: XmlElement): XmlElement[] {
  return elements(el).filter((c) => c.local !== 'description');
}

// ---------------------------------------------------------------------------------------------
// API

export interface ResourceView {
  element: XmlElement;
  /** Upper-cased methods; empty when the attribute is absent (every method matches). */
  methods: string[];
  methodsRange?: Range;
  uriTemplate?: Value;
  urlMapping?: Value;
  protocol?: Value;
  inSequence?: SequenceSlot;
  outSequence?: SequenceSlot;
  faultSequence?: SequenceSlot;
}

export interface ApiView {
  name?: Value;
  context?: Value;
  version?: Value;
  versionType?: Value;
  hostname?: Value;
  port?: Value;
  resources: ResourceView[];
}

export function apiView(src: ViewSource): ApiView {
  const { el } = ctxOf(src);
  return {
    name: attrValue(el, 'name'),
    context: attrValue(el, 'context'),
    version: attrValue(el, 'version'),
    versionType: attrValue(el, 'version-type'),
    hostname: attrValue(el, 'hostname'),
    port: attrValue(el, 'port'),
    resources: elements(el, 'resource').map((r) => {
      const methods = attrValue(r, 'methods');
      return {
        element: r,
        methods: methods ? methods.value.split(/\s+/).filter(Boolean).map((m) => m.toUpperCase()) : [],
        methodsRange: methods?.range,
        uriTemplate: attrValue(r, 'uri-template'),
        urlMapping: attrValue(r, 'url-mapping'),
        protocol: attrValue(r, 'protocol'),
        inSequence: slot(r, 'inSequence'),
        outSequence: slot(r, 'outSequence'),
        faultSequence: slot(r, 'faultSequence'),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Endpoint

export type EndpointType =
  | 'http'
  | 'address'
  | 'wsdl'
  | 'default'
  | 'loadbalance'
  | 'failover'
  | 'recipientlist'
  | 'template'
  | 'indirect'
  | 'resolving'
  | 'unknown';

export interface EndpointProperty {
  name: string;
  value?: string;
  expression?: string;
  scope?: string;
  range: Range;
}

export interface EndpointView {
  name?: Value;
  type: EndpointType;
  /** The element holding the definition (`<http>`, `<address>`, ...); absent for indirect/template. */
  definition?: XmlElement;
  /** `key` of an indirect endpoint `<endpoint key="X"/>`. */
  key?: Value;
  /** `key-expression` of a resolving endpoint. */
  keyExpression?: Value;
  /** `template` of a template endpoint, and its `<parameter name value>` arguments. */
  template?: Value;
  templateParameters: Array<{ name: string; value: string; range: Range }>;
  uri?: Value;
  uriTemplate?: Value;
  method?: Value;
  format?: Value;
  timeout?: { duration?: Value; responseAction?: Value };
  suspendOnFailure?: { errorCodes?: Value; initialDuration?: Value; progressionFactor?: Value; maximumDuration?: Value };
  markForSuspension?: { errorCodes?: Value; retriesBeforeSuspension?: Value; retryDelay?: Value };
  properties: EndpointProperty[];
  /** Child endpoints of loadbalance/failover/recipientlist groups. */
  children: XmlElement[];
}

const ENDPOINT_DEFINITIONS: readonly EndpointType[] = ['http', 'address', 'wsdl', 'default', 'loadbalance', 'failover', 'recipientlist'];

export function endpointView(src: ViewSource): EndpointView {
  const { el, ctx } = ctxOf(src);
  const view: EndpointView = {
    name: attrValue(el, 'name'),
    type: 'unknown',
    key: attrValue(el, 'key'),
    keyExpression: attrValue(el, 'key-expression'),
    template: attrValue(el, 'template'),
    templateParameters: [],
    properties: elements(el, 'property').map((p) => ({
      name: attrNode(p, 'name')?.value ?? '',
      value: attrNode(p, 'value')?.value,
      expression: attrNode(p, 'expression')?.value,
      scope: attrNode(p, 'scope')?.value,
      range: p.range,
    })),
    children: [],
  };
  if (view.key) view.type = 'indirect';
  else if (view.keyExpression) view.type = 'resolving';
  else if (view.template) {
    view.type = 'template';
    view.uri = attrValue(el, 'uri');
    view.templateParameters = elements(el, 'parameter').map((p) => ({
      name: attrNode(p, 'name')?.value ?? '',
      value: attrNode(p, 'value')?.value ?? textOf(p).trim(),
      range: p.range,
    }));
  } else {
    const def = elements(el).find((c) => (ENDPOINT_DEFINITIONS as string[]).includes(c.local));
    if (def) {
      view.type = def.local as EndpointType;
      view.definition = def;
      view.uri = attrValue(def, 'uri');
      view.uriTemplate = attrValue(def, 'uri-template');
      view.method = attrValue(def, 'method');
      view.format = attrValue(def, 'format');
      const timeout = child(def, 'timeout');
      if (timeout) view.timeout = { duration: childText(timeout, 'duration', ctx), responseAction: childText(timeout, 'responseAction', ctx) };
      const sof = child(def, 'suspendOnFailure');
      if (sof) {
        view.suspendOnFailure = {
          errorCodes: childText(sof, 'errorCodes', ctx),
          initialDuration: childText(sof, 'initialDuration', ctx),
          progressionFactor: childText(sof, 'progressionFactor', ctx),
          maximumDuration: childText(sof, 'maximumDuration', ctx),
        };
      }
      const mfs = child(def, 'markForSuspension');
      if (mfs) {
        view.markForSuspension = {
          errorCodes: childText(mfs, 'errorCodes', ctx),
          retriesBeforeSuspension: childText(mfs, 'retriesBeforeSuspension', ctx),
          retryDelay: childText(mfs, 'retryDelay', ctx),
        };
      }
      if (def.local === 'loadbalance' || def.local === 'failover' || def.local === 'recipientlist') {
        view.children = elements(def, 'endpoint');
      }
    }
  }
  return view;
}

// ---------------------------------------------------------------------------------------------
// Sequence

export interface SequenceView {
  name?: Value;
  onError?: Value;
  trace?: Value;
  mediators: XmlElement[];
}

export function sequenceView(src: ViewSource): SequenceView {
  const { el } = ctxOf(src);
  return { name: attrValue(el, 'name'), onError: attrValue(el, 'onError'), trace: attrValue(el, 'trace'), mediators: mediatorsOf(el) };
}

// ---------------------------------------------------------------------------------------------
// Message store

export interface MessageStoreView {
  name?: Value;
  /** The effective class: older names mapped to the current ones, InMemoryStore when `class` is absent. */
  className: string;
  /** The `class` attribute as written, if any. */
  classAttr?: Value;
  type: MessageStoreType;
  parameters: Parameter[];
}

/** Parameter values by name, as the catalog's functions take them. */
export function parameterValues(parameters: readonly Parameter[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of parameters) values[p.name] = p.value;
  return values;
}

export function messageStoreView(src: ViewSource): MessageStoreView {
  const { el, ctx } = ctxOf(src);
  const classAttr = attrValue(el, 'class');
  const written = classAttr?.value.trim() ?? '';
  const className = storeClassSpec(written)?.className ?? written;
  const parameters = parametersOf(el, ctx);
  return { name: attrValue(el, 'name'), className, classAttr, type: storeType(className, parameterValues(parameters)), parameters };
}

// ---------------------------------------------------------------------------------------------
// Message processor

export interface MessageProcessorView {
  name?: Value;
  /** The effective class (older names mapped); '' when `class` is absent. */
  className: string;
  classAttr?: Value;
  kind: MessageProcessorType;
  messageStore?: Value;
  targetEndpoint?: Value;
  parameters: Parameter[];
}

export function messageProcessorView(src: ViewSource): MessageProcessorView {
  const { el, ctx } = ctxOf(src);
  const classAttr = attrValue(el, 'class');
  const written = classAttr?.value.trim() ?? '';
  const className = processorClassSpec(written)?.className ?? written;
  return {
    name: attrValue(el, 'name'),
    className,
    classAttr,
    kind: processorClassSpec(written)?.type ?? 'custom',
    messageStore: attrValue(el, 'messageStore'),
    targetEndpoint: attrValue(el, 'targetEndpoint'),
    parameters: parametersOf(el, ctx),
  };
}

// ---------------------------------------------------------------------------------------------
// Local entry

export interface LocalEntryView {
  key?: Value;
  /** `src` URL of a remote entry. */
  src?: Value;
  /** text: literal text; xml: one element (e.g. an inline endpoint or XSLT); src: loaded from a URL. */
  type: 'text' | 'xml' | 'src';
  text?: string;
  xml?: XmlElement;
}

export function localEntryView(src: ViewSource): LocalEntryView {
  const { el } = ctxOf(src);
  const key = attrValue(el, 'key');
  const url = attrValue(el, 'src');
  if (url) return { key, src: url, type: 'src' };
  const xml = elements(el).find((c) => c.local !== 'description');
  if (xml) return { key, type: 'xml', xml };
  return { key, type: 'text', text: textOf(el) };
}

// ---------------------------------------------------------------------------------------------
// Proxy service

export interface ProxyView {
  name?: Value;
  transports: string[];
  startOnLoad?: Value;
  target?: {
    element: XmlElement;
    inSequence?: SequenceSlot;
    outSequence?: SequenceSlot;
    faultSequence?: SequenceSlot;
    /** `endpoint` attribute (key) or inline `<endpoint>` element. */
    endpointKey?: Value;
    endpoint?: XmlElement;
  };
  parameters: Parameter[];
}

export function proxyView(src: ViewSource): ProxyView {
  const { el, ctx } = ctxOf(src);
  const target = child(el, 'target');
  const transports = attrValue(el, 'transports');
  return {
    name: attrValue(el, 'name'),
    transports: transports ? transports.value.split(/[\s,]+/).filter(Boolean) : [],
    startOnLoad: attrValue(el, 'startOnLoad'),
    target: target && {
      element: target,
      inSequence: slot(target, 'inSequence'),
      outSequence: slot(target, 'outSequence'),
      faultSequence: slot(target, 'faultSequence'),
      endpointKey: attrValue(target, 'endpoint'),
      endpoint: child(target, 'endpoint'),
    },
    parameters: parametersOf(el, ctx),
  };
}

// ---------------------------------------------------------------------------------------------
// Template

export interface TemplateView {
  name?: Value;
  /** A sequence template (`<sequence>` body) or an endpoint template (`<endpoint>` body). */
  type: 'sequence' | 'endpoint' | 'unknown';
  parameters: Array<{ name: string; defaultValue?: string; isMandatory?: boolean; range: Range }>;
  body?: XmlElement;
}

export function templateView(src: ViewSource): TemplateView {
  const { el } = ctxOf(src);
  const body = child(el, 'sequence') ?? child(el, 'endpoint');
  return {
    name: attrValue(el, 'name'),
    type: body ? (body.local as 'sequence' | 'endpoint') : 'unknown',
    parameters: elements(el, 'parameter').map((p) => {
      const mandatory = attrNode(p, 'isMandatory')?.value;
      return {
        name: attrNode(p, 'name')?.value ?? '',
        defaultValue: attrNode(p, 'defaultValue')?.value,
        isMandatory: mandatory === undefined ? undefined : mandatory === 'true',
        range: p.range,
      };
    }),
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// Inbound endpoint and task (read enough for references and the tree view)

export interface InboundEndpointView {
  name?: Value;
  protocol?: Value;
  className?: Value;
  sequence?: Value;
  onError?: Value;
  parameters: Parameter[];
}

export function inboundEndpointView(src: ViewSource): InboundEndpointView {
  const { el, ctx } = ctxOf(src);
  const params = child(el, 'parameters');
  return {
    name: attrValue(el, 'name'),
    protocol: attrValue(el, 'protocol'),
    className: attrValue(el, 'class'),
    sequence: attrValue(el, 'sequence'),
    onError: attrValue(el, 'onError'),
    parameters: params ? parametersOf(params, ctx) : [],
  };
}

export interface TaskView {
  name?: Value;
  className?: Value;
  group?: Value;
  trigger?: { interval?: Value; count?: Value; cron?: Value };
  /** `<property name value>` children (e.g. injectTo, sequenceName, message). */
  properties: Array<{ name: string; value?: string; element: XmlElement; range: Range }>;
}

export function taskView(src: ViewSource): TaskView {
  const { el } = ctxOf(src);
  const trigger = child(el, 'trigger');
  return {
    name: attrValue(el, 'name'),
    className: attrValue(el, 'class'),
    group: attrValue(el, 'group'),
    trigger: trigger && { interval: attrValue(trigger, 'interval'), count: attrValue(trigger, 'count'), cron: attrValue(trigger, 'cron') },
    properties: elements(el, 'property').map((p) => ({ name: attrNode(p, 'name')?.value ?? '', value: attrNode(p, 'value')?.value, element: p, range: p.range })),
  };
}
