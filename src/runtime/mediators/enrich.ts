/**
 * `<enrich>`: copies a part of the message (a path, the body, the envelope, a property or inline content)
 * into another (a path, the body, the envelope, a property or a JSON key). Like Synapse's EnrichMediator it
 * works on the JSON value when the configuration allows it and the message has a JSON body, and on the
 * XML view of the body otherwise.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { ConduitError } from '../../model/errors';
import { attr, elements, textOf, type XmlElement } from '../../model/xml';
import { toDom, withoutEmptyDefaultNs } from '../expressions/dom';
import { envelopeOf, firstBodyElement, parseXmlDom, serializeNode, SOAP11_NS, SOAP12_NS, type EnvelopeView } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { JsonNumber, isJsonPrimitive, parseJson, stringifyJson } from '../../model/json/json-value';
import { payloadJson } from '../expressions/payload-json';
import { JSONPath } from 'jsonpath-plus';
import { isDomNode, JsonValue, propertyString } from '../expressions/property-values';
import type { Logger } from '../logger';
import { Payload, type MessageContext } from '../message';
import { expressionAt } from './branch';
import { defineMediator, type ParseContext } from './types';

type SourceType = 'custom' | 'envelope' | 'body' | 'property' | 'inline';
type TargetType = 'custom' | 'envelope' | 'body' | 'property' | 'key';
type Action = 'replace' | 'child' | 'sibling' | 'remove';

interface CustomPath {
  expression: Expression;
  /** The JSONPath inside `json-eval(...)`; undefined for XPath. */
  jsonPath?: string;
}

export interface EnrichSource {
  type: SourceType;
  clone: boolean;
  path?: CustomPath;
  property?: string;
  /** Inline XML content, built once at deploy time and copied into each message. */
  inlineXml?: Element;
  /** Inline JSON content (text that parses as JSON; other text is a JSON string, as Gson reads it leniently). */
  inlineJson?: { value: unknown };
}

export interface EnrichTarget {
  type: TargetType;
  action: Action;
  path?: CustomPath;
  property?: string;
  /** type="key": the path of the objects holding the key, and the key's name. */
  key?: { parentPath: string; name: string };
}

export interface EnrichConfig {
  source: EnrichSource;
  target: EnrichTarget;
  /** EnrichMediatorFactory's native JSON support: decided from the configuration once. */
  nativeJson: boolean;
}

const SOURCE_TYPES = new Set<string>(['custom', 'envelope', 'body', 'property', 'inline']);
const TARGET_TYPES = new Set<string>(['custom', 'envelope', 'body', 'property', 'key']);
const ACTIONS = new Set<string>(['replace', 'child', 'sibling', 'remove']);

function compilePath(el: XmlElement, ctx: ParseContext): CustomPath {
  const text = attr(el, 'xpath');
  if (text === undefined || text.trim() === '') return ctx.fail('CONDUIT_ARTIFACT_INVALID', `the enrich ${el.local} of type custom needs an xpath attribute`, el);
  const expression = expressionAt(text, el, ctx);
  const json = /^json-eval\(([\s\S]*)\)$/.exec(text.trim());
  if (!json && expression.kind !== 'xpath') ctx.fail('CONDUIT_ARTIFACT_INVALID', `the enrich ${el.local} path must be an XPath or json-eval(...), not ${text}`, el);
  return { expression, jsonPath: json?.[1].trim() };
}

/** Inline text or a registry resource's text: JSON when it parses, otherwise a JSON string. */
function inlineJsonText(text: string): { value: unknown } {
  try {
    return { value: parseJson(text.trim()) };
  } catch {
    return { value: text.trim() };
  }
}

function parseSource(el: XmlElement, ctx: ParseContext): EnrichSource {
  const type = attr(el, 'type') ?? 'custom';
  if (!SOURCE_TYPES.has(type)) return ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown enrich source type ${type} (custom, envelope, body, property or inline)`, el);
  const source: EnrichSource = { type: type as SourceType, clone: (attr(el, 'clone') ?? 'true').toLowerCase() === 'true' };
  if (type === 'custom') source.path = compilePath(el, ctx);
  else if (type === 'property') {
    source.property = attr(el, 'property');
    if (!source.property) ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an enrich source of type property needs a property attribute', el);
  } else if (type === 'inline') {
    const inline = elements(el)[0];
    const text = textOf(el);
    const key = attr(el, 'key');
    if (inline) source.inlineXml = withoutEmptyDefaultNs(toDom(inline));
    else if (text.trim() !== '') source.inlineJson = inlineJsonText(text);
    else if (key !== undefined) {
      const content = ctx.resource(key);
      if (!content) return ctx.fail('CONDUIT_REGISTRY_NOT_FOUND', `the enrich source ${key} is not in the registry`, el);
      const t = content.toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '').trim();
      if (t.startsWith('<')) {
        try {
          source.inlineXml = parseXmlDom(t).documentElement!;
        } catch (err) {
          ctx.fail('CONDUIT_ARTIFACT_INVALID', `the enrich source ${key}: ${(err as Error).message}`, el);
        }
      } else source.inlineJson = inlineJsonText(t);
    } else ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an enrich source of type inline needs an XML element, JSON text or a key', el);
  }
  return source;
}

function parseTarget(el: XmlElement, ctx: ParseContext): EnrichTarget {
  const type = attr(el, 'type') ?? 'custom';
  if (type === 'inline') return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an enrich target cannot be of type inline', el);
  if (!TARGET_TYPES.has(type)) return ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown enrich target type ${type} (custom, envelope, body, property or key)`, el);
  const action = attr(el, 'action') ?? 'replace';
  if (!ACTIONS.has(action)) return ctx.fail('CONDUIT_ARTIFACT_INVALID', `unknown enrich target action ${action} (replace, child, sibling or remove)`, el);
  if (action === 'remove' && type !== 'body' && type !== 'property') {
    return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'enrich: the remove action needs a target of type body or property', el);
  }
  const target: EnrichTarget = { type: type as TargetType, action: action as Action };
  if (type === 'custom') {
    target.path = compilePath(el, ctx);
    const jp = target.path.jsonPath;
    if (jp !== undefined && action === 'replace' && (jp === '$' || jp === '$.')) {
      ctx.fail('CONDUIT_ARTIFACT_INVALID', 'enrich cannot replace the root path $ of a custom target; use a target of type body', el);
    }
    if (jp !== undefined && action === 'sibling') ctx.fail('CONDUIT_ARTIFACT_INVALID', 'the sibling action is not supported for a json-eval target; use child', el);
    if (jp === undefined && /^\s*get-property\s*\(/.test(target.path.expression.source)) {
      ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an enrich custom target of get-property(...) is not supported; use a target of type property', el);
    }
  } else if (type === 'property') {
    target.property = attr(el, 'property');
    if (!target.property) ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an enrich target of type property needs a property attribute', el);
  } else if (type === 'key') {
    const path = compilePath(el, ctx);
    const jp = path.jsonPath;
    const dot = jp?.lastIndexOf('.') ?? -1;
    if (jp === undefined || dot <= 0 || dot === jp.length - 1) {
      return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'an enrich target of type key needs xpath="json-eval($.path.to.key)"', el);
    }
    target.key = { parentPath: jp.slice(0, dot), name: jp.slice(dot + 1) };
  }
  return target;
}

/** EnrichMediatorFactory.validateTypeCombination, plus the combinations Conduit does not run. */
function validate(source: EnrichSource, target: EnrichTarget, el: XmlElement, ctx: ParseContext): void {
  const bad = (why: string) => ctx.fail('CONDUIT_ARTIFACT_INVALID', `enrich: ${why}`, el);
  if (source.type === 'envelope' && ['custom', 'envelope', 'body'].includes(target.type)) bad(`a source of type envelope cannot go to a target of type ${target.type}`);
  if (source.type === 'body' && (target.type === 'envelope' || target.type === 'body')) bad(`a source of type body cannot go to a target of type ${target.type}`);
  if (source.type === 'custom' && target.type === 'envelope') bad('a source of type custom cannot go to a target of type envelope');
  if (target.type === 'envelope' && target.action !== 'replace') bad('a target of type envelope only takes the replace action');
  if (target.action === 'remove') {
    if (source.type !== 'custom' || source.path?.jsonPath === undefined) bad('the remove action needs a source of type custom with xpath="json-eval(...)" naming what to remove');
    if (target.type !== 'body' && target.type !== 'property') bad('the remove action needs a target of type body or property');
  }
  if (target.type === 'key') {
    if (source.type === 'envelope' || source.type === 'body') bad(`a source of type ${source.type} cannot rename a key`);
    if (target.action !== 'replace') bad('a target of type key only takes the replace action');
  }
  const srcJson = source.path?.jsonPath !== undefined;
  const tgtJson = target.path?.jsonPath !== undefined;
  if (source.type === 'custom' && target.type === 'custom' && srcJson !== tgtJson) bad('mixing a json-eval path and an XPath in one enrich is not supported');
  if (target.type === 'key' && source.inlineXml) bad('a key can only be renamed to a JSON string');
}

/** EnrichMediatorFactory: JSON is enriched natively unless XML is involved (inline XML, envelope, XPath). */
function nativeJson(source: EnrichSource, target: EnrichTarget): boolean {
  if (source.inlineXml || source.type === 'envelope' || target.type === 'envelope') return false;
  const srcCustom = source.type === 'custom';
  const tgtCustom = target.type === 'custom';
  const srcJson = srcCustom && source.path!.jsonPath !== undefined;
  const tgtJson = tgtCustom && target.path!.jsonPath !== undefined;
  return (!srcCustom && !tgtCustom) || (srcJson && !tgtCustom) || (!srcCustom && tgtJson) || (srcJson && tgtJson);
}

// ------------------------------------------------------------------------------------------------
// JSON

function cloneJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (v !== null && typeof v === 'object' && !(v instanceof JsonNumber)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = cloneJson(x);
    return out;
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
}

interface Match {
  value: unknown;
  parent: Record<string, unknown> | unknown[] | null;
  parentProperty: string | number | null;
}

function matches(json: unknown, path: string): Match[] {
  if (json === undefined || json === null || isJsonPrimitive(json)) return [];
  return JSONPath({ path, json: json as object, resultType: 'all', wrap: true, eval: 'safe' }) as Match[];
}

/** Jayway's delete: every match is removed; array elements from the end so the indexes stay right. */
function deletePath(json: unknown, path: string): unknown {
  if (path === '$' || path === '$.') return undefined;
  const found = matches(json, path).filter((m) => m.parent !== null);
  const fromArrays = found.filter((m) => Array.isArray(m.parent)).sort((a, b) => Number(b.parentProperty) - Number(a.parentProperty));
  for (const m of found) if (!Array.isArray(m.parent)) delete (m.parent as Record<string, unknown>)[m.parentProperty as string];
  for (const m of fromArrays) (m.parent as unknown[]).splice(Number(m.parentProperty), 1);
  return json;
}

/** The JSON a property holds as enrich reads it; undefined when the property holds XML or nothing. */
function propertyJson(value: unknown): { value: unknown } | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof JsonValue) return { value: value.value };
  if (isDomNode(value) || Array.isArray(value)) return undefined;
  const text = propertyString(value) ?? '';
  try {
    return { value: parseJson(text) };
  } catch {
    // Gson reads text that is not JSON as a string, as EnrichMediator's quoting retry does.
    return { value: text };
  }
}

function propertyHoldsXml(value: unknown): boolean {
  if (isDomNode(value)) return true;
  if (Array.isArray(value)) return value.some(isDomNode);
  return false;
}

function setJsonBody(msg: MessageContext, value: unknown): void {
  msg.setPayload(value === undefined ? Payload.json('') : Payload.json(stringifyJson(value)));
}

function fail(message: string): never {
  throw new ConduitError('CONDUIT_MEDIATION_FAILED', `enrich: ${message}`);
}

function jsonSource(c: EnrichConfig, msg: MessageContext, log: Logger): unknown {
  const s = c.source;
  switch (s.type) {
    case 'custom': {
      const body = payloadJson(msg);
      const found = matches(body, s.path!.jsonPath!);
      const definite = s.path!.expression.evaluateValue(msg, log);
      if (definite === undefined) return fail(`the source ${s.path!.expression.source} selects nothing`);
      // clone="false" moves the value: Synapse deletes it from the payload.
      if (!s.clone && found.length > 0) setJsonBody(msg, deletePath(cloneJson(body), s.path!.jsonPath!));
      return cloneJson(definite);
    }
    case 'body':
      return cloneJson(payloadJson(msg));
    case 'inline':
      return cloneJson(s.inlineJson!.value);
    case 'property': {
      const v = propertyJson(msg.getProperty(s.property!));
      if (!v) return fail(`the source property ${s.property} is not set`);
      return cloneJson(v.value);
    }
    default:
      return fail(`a source of type ${s.type} has no JSON value`);
  }
}

function mediateJson(c: EnrichConfig, msg: MessageContext, log: Logger): void {
  const t = c.target;
  if (t.action === 'remove') {
    const paths = c.source.path!.jsonPath!.split(',').map((p) => p.trim());
    if (t.type === 'body') {
      let json = cloneJson(payloadJson(msg));
      for (const p of paths) json = deletePath(json, p);
      setJsonBody(msg, json);
    } else {
      const held = propertyJson(msg.getProperty(t.property!));
      if (!held) return fail(`the target property ${t.property} holds no JSON to remove from`);
      let json = cloneJson(held.value);
      for (const p of paths) json = deletePath(json, p);
      msg.setProperty(t.property!, new JsonValue(json));
    }
    return;
  }
  const value = jsonSource(c, msg, log);
  if (value === undefined) return fail('the source has no value');
  switch (t.type) {
    case 'key': {
      if (!(typeof value === 'string' || isJsonPrimitive(value)) || value === null) return fail('the new key name must be a string');
      const holders = matches(payloadJson(msg), t.key!.parentPath);
      if (holders.length === 0) return fail(`no object at ${t.key!.parentPath} holds the key ${t.key!.name}`);
      const json = cloneJson(payloadJson(msg));
      let renamed = false;
      for (const h of matches(json, t.key!.parentPath)) {
        for (const o of Array.isArray(h.value) ? h.value : [h.value]) {
          if (!isObject(o) || !(t.key!.name in o)) continue;
          // Rebuilt so the renamed key keeps its place, as Gson's renameKey does.
          const entries = Object.entries(o).map(([k, v]): [string, unknown] => [k === t.key!.name ? String(value) : k, v]);
          for (const k of Object.keys(o)) delete o[k];
          for (const [k, v] of entries) o[k] = v;
          renamed = true;
        }
      }
      if (!renamed) return fail(`no object at ${t.key!.parentPath} holds the key ${t.key!.name}`);
      setJsonBody(msg, json);
      return;
    }
    case 'custom': {
      const path = t.path!.jsonPath!.replace(/\.$/, '');
      const json = cloneJson(payloadJson(msg));
      if (t.action === 'replace') {
        for (const m of matches(json, path)) {
          if (m.parent === null) continue;
          if (Array.isArray(m.parent)) m.parent[Number(m.parentProperty)] = cloneJson(value);
          else m.parent[m.parentProperty as string] = cloneJson(value);
        }
        setJsonBody(msg, json);
        return;
      }
      // child: add to an array, or merge an object into an object.
      const found = path === '$' ? [{ value: json }] : matches(json, path);
      if (found.length === 0) return fail(`the target ${t.path!.expression.source} selects nothing`);
      const receiving = found[0].value;
      if (Array.isArray(receiving)) receiving.push(value);
      else if (isObject(receiving) && isObject(value)) Object.assign(receiving, value);
      else {
        log.log('ERROR', 'EnrichMediator', `Cannot append since the target element is not a JSON array or JSONObject: ${stringifyJson(receiving)}`);
        return;
      }
      setJsonBody(msg, json);
      return;
    }
    case 'body':
      if (t.action !== 'replace') {
        log.log('ERROR', 'EnrichMediator', `Unsupported action : ${t.action}. Only replace is supported for target body.`);
        return;
      }
      if (isJsonPrimitive(value)) {
        log.log('ERROR', 'EnrichMediator', `Unsupported JSON payload : ${stringifyJson(value)}.Only JSON arrays and objects can be enriched to the body`);
        return;
      }
      setJsonBody(msg, value);
      msg.axis2.delete('NO_ENTITY_BODY');
      return;
    case 'property':
      if (t.action === 'replace') msg.setProperty(t.property!, new JsonValue(value));
      else if (t.action === 'child') {
        const held = propertyJson(msg.getProperty(t.property!));
        if (!held) return fail(`cannot find the property ${t.property} to enrich`);
        if (!Array.isArray(held.value)) {
          log.log('ERROR', 'EnrichMediator', `Cannot add child, since the target ${stringifyJson(held.value)} is not an JSON array`);
          return;
        }
        msg.setProperty(t.property!, new JsonValue([...(cloneJson(held.value) as unknown[]), value]));
      } else log.log('ERROR', 'EnrichMediator', 'Action sibling is not supported when enriching properties with JSON data');
      return;
    default:
      return fail(`a target of type ${t.type} cannot take JSON`);
  }
}

// ------------------------------------------------------------------------------------------------
// XML

type SourceNode = Element | string;

function isElement(n: Node): n is Element {
  return n.nodeType === 1;
}

function xmlSource(c: EnrichConfig, view: EnvelopeView, msg: MessageContext, log: Logger): SourceNode[] {
  const s = c.source;
  const own = (e: Element) => (s.clone ? (e.cloneNode(true) as Element) : e);
  switch (s.type) {
    case 'custom': {
      const nodes = s.path!.expression.evaluateNodes?.(msg, log);
      if (nodes === undefined) {
        const text = s.path!.expression.evaluate(msg, log);
        return text === '' ? [] : [text];
      }
      const out: SourceNode[] = [];
      // Synapse takes elements and text; attributes and other nodes are skipped.
      for (const n of nodes) {
        if (isElement(n)) out.push(own(n));
        else if (n.nodeType === 3 || n.nodeType === 4) out.push(n.nodeValue ?? '');
      }
      return out;
    }
    case 'body': {
      const first = firstBodyElement(view);
      return first ? [own(first)] : [];
    }
    case 'envelope':
      return [own(view.envelope)];
    case 'property': {
      const v = msg.getProperty(s.property!);
      if (v === undefined || v === null) return [];
      const list = Array.isArray(v) ? v : [v];
      return list.map((x) => (isDomNode(x) && isElement(x) ? (x.cloneNode(true) as Element) : isDomNode(x) ? (x.nodeValue ?? '') : (propertyString(x) ?? '')));
    }
    case 'inline':
      if (s.inlineXml) return [s.inlineXml.cloneNode(true) as Element];
      return [typeof s.inlineJson!.value === 'string' ? s.inlineJson!.value : stringifyJson(s.inlineJson!.value)];
  }
}

/** Target.insertElement: replace, child or sibling at an element. */
function insertAt(target: Element, sources: SourceNode[], action: Action, view: EnvelopeView): void {
  const doc = view.doc;
  const adopt = (e: Element) => (e.ownerDocument === doc ? e : (doc.importNode(e, true) as Element));
  if (action === 'replace') {
    let inserted = false;
    for (const s of sources) {
      if (typeof s === 'string') {
        while (target.firstChild) target.removeChild(target.firstChild);
        target.appendChild(doc.createTextNode(s));
      } else {
        target.parentNode!.insertBefore(adopt(s), target);
        inserted = true;
      }
    }
    if (inserted) target.parentNode!.removeChild(target);
  } else if (action === 'child') {
    for (const s of sources) if (typeof s !== 'string') target.appendChild(adopt(s));
  } else if (action === 'sibling') {
    // Each goes right after the target, so several sources end up in reverse order, as in Synapse.
    for (const s of sources) if (typeof s !== 'string') target.parentNode!.insertBefore(adopt(s), target.nextSibling);
  }
}

function bodyChanged(msg: MessageContext, view: EnvelopeView): void {
  const first = firstBodyElement(view);
  msg.setPayload(first ? Payload.xml(serializeNode(first)) : Payload.none());
}

function isJsonContainerText(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    parseJson(t);
    return true;
  } catch {
    return false;
  }
}

function mediateXml(c: EnrichConfig, msg: MessageContext, log: Logger): void {
  const t = c.target;
  if (t.action === 'remove' || t.type === 'key') {
    log.log('WARN', 'EnrichMediator', `the ${t.type === 'key' ? 'key target' : 'remove action'} works on JSON payloads only; the ${msg.payload.kind} payload was left unchanged`);
    return;
  }
  if (t.path?.jsonPath !== undefined) fail(`the target ${t.path.expression.source} needs a JSON payload, the message has ${msg.payload.kind}`);
  const view = envelopeOf(msg);
  const sources = xmlSource(c, view, msg, log);
  if (sources.length === 0) {
    log.log('ERROR', 'EnrichMediator', 'Cannot Enrich message from an empty source.');
    return;
  }
  switch (t.type) {
    case 'custom': {
      const node = t.path!.expression.evaluateNodes?.(msg, log)?.[0];
      if (!node) return fail(`the target ${t.path!.expression.source} selects no node`);
      if (isElement(node)) insertAt(node, sources, t.action, view);
      else if (node.nodeType === 3 || node.nodeType === 4) {
        const parent = node.parentNode as Element;
        if (typeof sources[0] === 'string') {
          while (parent.firstChild) parent.removeChild(parent.firstChild);
          parent.appendChild(view.doc.createTextNode(sources[0]));
        } else {
          parent.removeChild(node);
          parent.appendChild(sources[0].ownerDocument === view.doc ? sources[0] : view.doc.importNode(sources[0], true));
        }
      } else if (node.nodeType === 2) {
        if (typeof sources[0] !== 'string') return fail('an attribute can only take text');
        node.nodeValue = sources[0];
        (node as unknown as { value: string }).value = sources[0];
      } else return fail('Invalid Target object to be enrich.');
      bodyChanged(msg, view);
      return;
    }
    case 'body': {
      const first = firstBodyElement(view);
      // A JSON text replacing the body becomes the new JSON payload (Target.insertElementToBody).
      if (t.action === 'replace' && typeof sources[0] === 'string' && isJsonContainerText(sources[0])) {
        msg.setPayload(Payload.json(sources[0].trim()));
      } else if (first) {
        insertAt(first, sources, t.action, view);
        bodyChanged(msg, view);
      } else {
        for (const s of sources) {
          if (typeof s === 'string') log.log('ERROR', 'EnrichMediator', 'Invalid Object type to be inserted into message body');
          else view.body.appendChild(s.ownerDocument === view.doc ? s : view.doc.importNode(s, true));
        }
        bodyChanged(msg, view);
      }
      msg.axis2.delete('NO_ENTITY_BODY');
      return;
    }
    case 'envelope': {
      const env = sources[0];
      if (typeof env === 'string' || env.localName !== 'Envelope' || (env.namespaceURI !== SOAP12_NS && env.namespaceURI !== SOAP11_NS)) {
        return fail('A SOAPEnvelope is expected');
      }
      let body: Element | undefined;
      for (let n = env.firstChild; n; n = n.nextSibling) if (isElement(n) && n.localName === 'Body') body = n;
      let first: Element | undefined;
      for (let n = body?.firstChild ?? null; n; n = n.nextSibling) if (isElement(n)) {
        first = n;
        break;
      }
      msg.setPayload(first ? Payload.xml(serializeNode(first)) : Payload.none());
      msg.axis2.delete('NO_ENTITY_BODY');
      return;
    }
    case 'property': {
      const held = msg.getProperty(t.property!);
      if (t.action === 'child' && (isDomNode(held) || typeof held === 'string')) {
        let holder: Element | undefined;
        try {
          holder = isDomNode(held) ? ((held as Element).cloneNode(true) as Element) : parseXmlDom(held as string).documentElement!;
        } catch {
          holder = undefined;
        }
        if (holder) {
          for (const s of sources) if (typeof s !== 'string') holder.appendChild(holder.ownerDocument!.importNode(s, true));
          msg.setProperty(t.property!, isDomNode(held) ? holder : serializeNode(holder));
          return;
        }
      }
      // One element or one text is kept as such; several nodes as a list (XPath reads it as a node set).
      if (sources.length === 1) msg.setProperty(t.property!, sources[0]);
      else msg.setProperty(t.property!, sources.map((s) => (typeof s === 'string' ? view.doc.createTextNode(s) : s)));
      return;
    }
  }
}

export default defineMediator<EnrichConfig>({
  name: 'enrich',
  parse(el, ctx) {
    const sourceEl = elements(el, 'source')[0];
    if (!sourceEl) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'enrich needs a <source>', el);
    const targetEl = elements(el, 'target')[0];
    if (!targetEl) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'enrich needs a <target>', el);
    const source = parseSource(sourceEl, ctx);
    const target = parseTarget(targetEl, ctx);
    validate(source, target, el, ctx);
    const native = nativeJson(source, target);
    if ((target.action === 'remove' || target.type === 'key') && !native) {
      ctx.fail('CONDUIT_ARTIFACT_INVALID', `enrich: ${target.type === 'key' ? 'a key target' : 'the remove action'} works on JSON and needs a JSON source (json-eval, body, property or inline JSON)`, el);
    }
    return { source, target, nativeJson: native };
  },
  mediate(c, msg, env) {
    const json = c.nativeJson && msg.payload.kind === 'json' && payloadJson(msg) !== undefined;
    const sourceXml = c.source.type === 'property' && propertyHoldsXml(msg.getProperty(c.source.property!));
    if (json && !sourceXml) mediateJson(c, msg, env.logger);
    else mediateXml(c, msg, env.logger);
    return true;
  },
});
