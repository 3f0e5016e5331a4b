/**
 * `<call [blocking="true"]> <endpoint .../>? <source/>? <target/>? </call>`: sends the message and
 * continues with the answer as the current message. The flow awaits the answer, blocking or not, so
 * mediation resumes right after the call, also inside switch and filter branches; a blocking call keeps
 * the request's content type and headers, as BlockingMsgSender does. With `OUT_ONLY=true` the message
 * is sent and the flow continues without waiting.
 *
 * A `<source>` (MI 4.x) builds the request from an expression, a property or inline content instead of
 * the body; a `<target type="property|variable">` keeps the answer there and gives the message back its
 * own body, content type and transport headers, as CallMediator's postMediate restores them.
 */
import type { Element } from '@xmldom/xmldom';
import { DOMImplementation } from '@xmldom/xmldom';
import { ConduitError } from '../../model/errors';
import { callIssues, callSourceType, callTargetType, type CallSourceType } from '../../model/validate/call-rules';
import { attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { isJsonType, isXmlType, mediaType, setBody } from '../content';
import { toDom, withoutEmptyDefaultNs } from '../expressions/dom';
import { parseXmlDom, PAYLOAD_NS, serializeNode } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { jsonToXml, xmlToJson } from '../../model/json/json-xml';
import { parseJson, stringifyJson } from '../../model/json/json-value';
import { isDomNode, JsonValue, propertyString } from '../expressions/property-values';
import type { Logger } from '../logger';
import { Payload, type MessageContext } from '../message';
import { expressionAt } from './branch';
import { defineMediator, type EndpointRef, type ParseContext } from './types';

/** Where a request body comes from, and the content type it is sent as. */
export interface CallSource {
  type: Exclude<CallSourceType, 'body'>;
  expression?: Expression;
  property?: string;
  inlineXml?: Element;
  inlineText?: string;
  /** `contentType`: what the request is sent as; the source's own kind when absent. */
  contentType?: string;
}

interface CallTarget {
  type: 'property' | 'variable';
  name: string;
}

interface CallConfig {
  endpoint?: EndpointRef;
  blocking: boolean;
  /** Undefined for no source or `type="body"`: the body is sent as it is. */
  source?: CallSource;
  /** Undefined for no target or `type="body"`: the answer replaces the body. */
  target?: CallTarget;
}

/** What a source yields, before it is written in the request's content type. */
type SourceValue = { xml: Element } | { json: unknown } | { text: string };

function parseSource(el: XmlElement, ctx: ParseContext): CallSource | undefined {
  const type = callSourceType(el) as CallSourceType;
  if (type === 'body') return undefined;
  const contentType = attr(el, 'contentType')?.trim() || undefined;
  const text = textOf(el).trim();
  if (type === 'custom') return { type, contentType, expression: expressionAt(text, el, ctx) };
  if (type === 'property') return { type, contentType, property: text };
  const inline = elements(el)[0];
  return inline ? { type, contentType, inlineXml: withoutEmptyDefaultNs(toDom(inline)) } : { type, contentType, inlineText: text };
}

function fail(message: string): never {
  throw new ConduitError('CONDUIT_MEDIATION_FAILED', `call: ${message}`);
}

/** Text read as JSON when it is a JSON object or array, as XML when it is an element, else as text. */
function valueOfText(text: string): SourceValue {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { json: parseJson(t) };
    } catch {
      // Not JSON after all: sent as text.
    }
  }
  if (t.startsWith('<')) {
    try {
      return { xml: parseXmlDom(t).documentElement! };
    } catch {
      // Not XML after all: sent as text.
    }
  }
  return { text };
}

function valueOfProperty(v: unknown): SourceValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof JsonValue) return { json: v.value };
  const first = Array.isArray(v) ? v.find(isDomNode) : v;
  if (isDomNode(first)) return first.nodeType === 1 ? { xml: first as Element } : { text: first.nodeValue ?? '' };
  return valueOfText(propertyString(v) ?? '');
}

function evaluateSource(s: CallSource, msg: MessageContext, log: Logger): SourceValue {
  switch (s.type) {
    case 'inline':
      return s.inlineXml ? { xml: s.inlineXml } : valueOfText(s.inlineText!);
    case 'property': {
      const value = valueOfProperty(msg.getProperty(s.property!));
      return value ?? fail(`the source property ${s.property} is not set`);
    }
    case 'custom': {
      const e = s.expression!;
      if (e.kind === 'xpath') {
        const nodes = e.evaluateNodes?.(msg, log);
        const element = nodes?.find((n) => n.nodeType === 1);
        if (element) return { xml: element as Element };
        const text = e.evaluate(msg, log);
        if (nodes?.length === 0 || (nodes === undefined && text === '')) fail(`the source ${e.source} selects nothing`);
        return { text };
      }
      const value = e.evaluateValue(msg, log);
      if (value === undefined) fail(`the source ${e.source} selects nothing`);
      if (isDomNode(value)) return value.nodeType === 1 ? { xml: value as Element } : { text: value.nodeValue ?? '' };
      if (typeof value === 'string') return valueOfText(value);
      return value instanceof JsonValue ? { json: value.value } : { json: value };
    }
  }
}

/** The request body and its content type: as `contentType` asks, else the kind the source yielded. */
function requestBody(value: SourceValue, contentType: string | undefined): { payload: Payload; contentType: string } {
  const mt = mediaType(contentType);
  if (isJsonType(mt) || (!contentType && 'json' in value)) {
    let json: unknown;
    if ('json' in value) json = value.json;
    else if ('xml' in value) return { payload: Payload.json(xmlToJson(value.xml)), contentType: contentType ?? 'application/json' };
    else {
      const parsed = valueOfText(value.text);
      json = 'json' in parsed ? parsed.json : value.text;
    }
    return { payload: Payload.json(stringifyJson(json)), contentType: contentType ?? 'application/json' };
  }
  if (isXmlType(mt) || (!contentType && 'xml' in value)) {
    const doc = new DOMImplementation().createDocument(null, '', null);
    let el: Element;
    if ('xml' in value) el = value.xml;
    else if ('json' in value) el = jsonToXml(doc, value.json);
    else {
      const parsed = valueOfText(value.text);
      if ('xml' in parsed) el = parsed.xml;
      else {
        // Text in an XML message is MI's text wrapper element.
        el = doc.createElementNS(PAYLOAD_NS, 'text');
        el.appendChild(doc.createTextNode(value.text));
      }
    }
    return { payload: Payload.xml(serializeNode(el)), contentType: contentType ?? 'application/xml' };
  }
  const text = 'text' in value ? value.text : 'xml' in value ? (value.xml.textContent ?? '') : typeof value.json === 'string' ? value.json : stringifyJson(value.json);
  return { payload: Payload.text(text), contentType: contentType ?? 'text/plain' };
}

/** The answer as a property or variable holds it: JSON as JSON, XML as its element, anything else as text. */
export function answerValue(msg: MessageContext): unknown {
  const p = msg.payload;
  if (p.kind === 'json') {
    try {
      const v = p.json();
      return v === undefined ? '' : new JsonValue(v);
    } catch {
      return p.text;
    }
  }
  if (p.kind === 'xml') {
    try {
      return parseXmlDom(p.text).documentElement!;
    } catch {
      return p.text;
    }
  }
  return p.text;
}

const CONTENT_TYPE_AXIS2 = ['messageType', 'ContentType'];
const BODY_AXIS2 = [...CONTENT_TYPE_AXIS2, 'NO_ENTITY_BODY'];

/**
 * What a call may replace, so the message can get it back: the body with its content type (a source's
 * request, undone for a property or variable target), the transport headers and any other axis2 properties
 * named in `keep.axis2`.
 */
export function snapshot(msg: MessageContext, keep: { body: boolean; headers: boolean; axis2?: readonly string[] }): () => void {
  const payload = msg.payload;
  const headers = msg.transportHeaders.clone();
  const axis2 = [...(keep.body ? BODY_AXIS2 : CONTENT_TYPE_AXIS2), ...(keep.axis2 ?? [])].map((k) => [k, msg.axis2.get(k)] as const);
  return () => {
    if (keep.body) msg.setPayload(payload);
    if (keep.headers) msg.transportHeaders = headers;
    for (const [k, v] of axis2) {
      if (v === undefined) msg.axis2.delete(k);
      else msg.axis2.set(k, v);
    }
  };
}

/**
 * BlockingMsgSender puts the answer's body in the message but keeps its content type and, unless
 * BLOCKING_SENDER_PRESERVE_REQ_HEADERS is "false", its transport headers: the answer goes on in the
 * request's format.
 */
function keepRequestSide(msg: MessageContext): () => void {
  return snapshot(msg, { body: false, headers: msg.getProperty('BLOCKING_SENDER_PRESERVE_REQ_HEADERS') !== 'false' });
}

export default defineMediator<CallConfig>({
  name: 'call',
  parse(el, ctx) {
    const issue = callIssues(el)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const ep = child(el, 'endpoint');
    const sourceEl = elements(el, 'source')[0];
    const targetEl = elements(el, 'target')[0];
    const targetType = targetEl ? callTargetType(targetEl) : 'body';
    return {
      endpoint: ep ? ctx.parseEndpoint(ep) : undefined,
      blocking: attr(el, 'blocking') === 'true',
      source: sourceEl ? parseSource(sourceEl, ctx) : undefined,
      target: targetType === 'property' || targetType === 'variable' ? { type: targetType, name: textOf(targetEl!).trim() } : undefined,
    };
  },
  async mediate(config, msg, env) {
    const outOnly = msg.getProperty('OUT_ONLY');
    if (outOnly === true || outOnly === 'true') {
      const copy = msg.clone();
      if (config.source) useSource(config.source, copy, env.logger);
      env.callEndpoint(config.endpoint, copy, { blocking: config.blocking }).catch((err: unknown) => {
        env.logger.log('WARN', 'CallMediator', `out-only call failed: ${err instanceof Error ? err.message : String(err)}`);
      });
      return true;
    }
    const restore = config.source || config.target ? snapshot(msg, { body: true, headers: true }) : undefined;
    try {
      if (config.source) useSource(config.source, msg, env.logger);
      const requestSide = config.blocking ? keepRequestSide(msg) : undefined;
      await env.callEndpoint(config.endpoint, msg, { blocking: config.blocking });
      requestSide?.();
      if (config.blocking) msg.setProperty('BLOCKING_SENDER_ERROR', 'false');
    } catch (err) {
      // The request never replaced the body for good: the fault handler sees the message as it was.
      restore?.();
      throw err;
    }
    if (config.target) {
      const answer = answerValue(msg);
      if (config.target.type === 'property') msg.setProperty(config.target.name, answer);
      else msg.variables.set(config.target.name, answer);
      restore?.();
    }
    return true;
  },
});

/** Makes the source's value the message's body, in the source's content type. */
export function useSource(source: CallSource, msg: MessageContext, log: Logger): void {
  const { payload, contentType } = requestBody(evaluateSource(source, msg, log), source.contentType);
  setBody(msg, payload, contentType);
  msg.axis2.delete('NO_ENTITY_BODY');
}
