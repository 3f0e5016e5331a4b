/**
 * `<makefault [version="soap11|soap12|pox"] [response="true|false"]>` with `<code value|expression>`,
 * `<reason value|expression>`, `<node>`, `<role>` and `<detail>`: replaces the payload with a SOAP 1.1 or
 * 1.2 fault envelope, or a POX `<Exception>`, as Synapse's FaultMediator and FaultMediatorFactory do. The
 * message type is left as it was, so a JSON client gets the fault as JSON (`{"Fault":{...}}`). Answered
 * without HTTP_SC, a fault goes out with 500 (see `faultStatus`).
 */
import { expressionAt } from './branch';
import { DOMImplementation, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { mediatorIssues, namespaceOfPrefix } from '../../model/validate/mediator-rules';
import { attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { toDom } from '../expressions/dom';
import { envelopeOf, firstBodyElement, SOAP11_NS, SOAP12_NS } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import type { Logger } from '../logger';
import { Payload, type MessageContext } from '../message';
import { defineMediator, type ParseContext } from './types';

type Version = 'soap11' | 'soap12' | 'pox';

/** Literal text, or an XPath evaluated per message. */
type Text = { value: string } | { expression: Expression };

interface MakefaultConfig {
  version: Version;
  markAsResponse: boolean;
  /** A literal QName (its prefix and namespace as written), or an expression naming a code in the envelope's namespace. */
  code?: { prefix: string; ns: string; local: string } | { expression: Expression };
  reason?: Text;
  node?: string;
  role?: string;
  detail?: Text | { elements: XmlElement[] };
}

const ENVELOPE_NS = { soap11: SOAP11_NS, soap12: SOAP12_NS } as const;

/** A value or expression attribute of a `<code>` or `<reason>` that mediatorIssues has checked. */
function valueOrExpression(el: XmlElement, ctx: ParseContext): Text {
  const value = attr(el, 'value');
  return value !== undefined ? { value } : { expression: expressionAt(attr(el, 'expression')!, el, ctx) };
}

function parseCode(el: XmlElement, ctx: ParseContext): MakefaultConfig['code'] {
  const t = valueOrExpression(el, ctx);
  if ('expression' in t) return t;
  const colon = t.value.indexOf(':');
  const prefix = t.value.slice(0, colon);
  return { prefix, ns: namespaceOfPrefix(el, prefix)!, local: t.value.slice(colon + 1) };
}

function text(t: Text, msg: MessageContext, env: { logger: Logger }): string {
  return 'value' in t ? t.value : t.expression.evaluate(msg, env.logger);
}

/** The detail's content: inline elements, the nodes an XPath selects, or text. */
function fillDetail(doc: Document, detail: Element, c: NonNullable<MakefaultConfig['detail']>, msg: MessageContext, env: { logger: Logger }): void {
  if ('elements' in c) {
    for (const e of c.elements) detail.appendChild(toDom(e, doc));
    return;
  }
  if ('expression' in c) {
    const nodes = c.expression.evaluateNodes?.(msg, env.logger);
    if (nodes && nodes.length > 0) {
      for (const n of nodes) detail.appendChild(doc.importNode(n as Node, true));
      return;
    }
  }
  detail.appendChild(doc.createTextNode(text(c, msg, env)));
}

function soapFault(c: MakefaultConfig, version: 'soap11' | 'soap12', msg: MessageContext, env: { logger: Logger }): string {
  const ns = ENVELOPE_NS[version];
  const doc = new DOMImplementation().createDocument(ns, 'soapenv:Envelope', null);
  const el = (parent: Element, name: string, qualified = true) => parent.appendChild(qualified ? doc.createElementNS(ns, `soapenv:${name}`) : doc.createElement(name)) as Element;
  const body = el(doc.documentElement!, 'Body');
  const fault = el(body, 'Fault');

  // Axiom writes a literal code with the prefix it was written with, declared where it is used.
  let codeHolder: Element;
  if (version === 'soap11') codeHolder = el(fault, 'faultcode', false);
  else codeHolder = el(el(fault, 'Code'), 'Value');
  const code = c.code!;
  if ('expression' in code) codeHolder.appendChild(doc.createTextNode(`soapenv:${code.expression.evaluate(msg, env.logger)}`));
  else {
    if (code.prefix !== 'soapenv' || code.ns !== ns) codeHolder.setAttributeNS('http://www.w3.org/2000/xmlns/', `xmlns:${code.prefix}`, code.ns);
    codeHolder.appendChild(doc.createTextNode(`${code.prefix}:${code.local}`));
  }

  const reason = c.reason ? text(c.reason, msg, env) : '';
  if (version === 'soap11') el(fault, 'faultstring', false).appendChild(doc.createTextNode(reason));
  else {
    const t = el(el(fault, 'Reason'), 'Text');
    t.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', 'en');
    t.appendChild(doc.createTextNode(reason));
  }
  if (c.node !== undefined && version === 'soap12') el(fault, 'Node').appendChild(doc.createTextNode(c.node));
  if (c.role !== undefined) el(fault, version === 'soap11' ? 'faultactor' : 'Role', version === 'soap12').appendChild(doc.createTextNode(c.role));
  if (c.detail) fillDetail(doc, el(fault, version === 'soap11' ? 'detail' : 'Detail', version === 'soap12'), c.detail, msg, env);
  return new XMLSerializer().serializeToString(doc.documentElement!);
}

/** FaultMediator.makePOXFault: `<Exception>` holding the detail, else the reason. */
function poxFault(c: MakefaultConfig, msg: MessageContext, env: { logger: Logger }): string {
  const doc = new DOMImplementation().createDocument(null, 'Exception', null);
  const source = c.detail && !('elements' in c.detail) ? c.detail : c.reason;
  if (source) doc.documentElement!.appendChild(doc.createTextNode(text(source, msg, env)));
  return new XMLSerializer().serializeToString(doc.documentElement!);
}

/** Axis2's FAULTS_AS_HTTP_200: a fault goes out with 200 instead of 500. */
const FAULTS_AS_HTTP_200 = 'FAULTS_AS_HTTP_200';

/**
 * The status a fault answer gets when nothing set HTTP_SC, as PassThroughTransportUtils decides it:
 * 500 when the message is a fault (a makefault POX fault, or a SOAP Fault in the body) and
 * FAULTS_AS_HTTP_200 is not "true"; undefined otherwise.
 */
export function faultStatus(msg: MessageContext): number | undefined {
  if (String(msg.axis2.get(FAULTS_AS_HTTP_200) ?? '').toLowerCase() === 'true') return undefined;
  if (msg.processingFault) return 500;
  const p = msg.payload;
  if (p.kind !== 'xml' || !p.text.includes('Fault')) return undefined;
  const first = firstBodyElement(envelopeOf(msg));
  return first?.localName === 'Fault' && (first.namespaceURI === SOAP11_NS || first.namespaceURI === SOAP12_NS) ? 500 : undefined;
}

export default defineMediator<MakefaultConfig>({
  name: 'makefault',
  parse(el, ctx) {
    const issue = mediatorIssues(el)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const v = (attr(el, 'version') ?? 'soap11') as Version;
    const config: MakefaultConfig = { version: v, markAsResponse: attr(el, 'response') !== 'false' };
    const code = child(el, 'code');
    const reason = child(el, 'reason');
    if (code) config.code = parseCode(code, ctx);
    if (reason) config.reason = valueOrExpression(reason, ctx);
    const node = child(el, 'node');
    if (node) config.node = textOf(node).trim();
    const role = child(el, 'role');
    if (role) config.role = textOf(role).trim();
    const detail = child(el, 'detail');
    if (detail) {
      const expression = attr(detail, 'expression');
      const inner = elements(detail);
      if (expression !== undefined) config.detail = { expression: expressionAt(expression, detail, ctx) };
      else if (inner.length > 0) config.detail = { elements: inner };
      else config.detail = { value: textOf(detail) };
    }
    return config;
  },
  mediate(c, msg, env) {
    const xml = c.version === 'pox' ? poxFault(c, msg, env) : soapFault(c, c.version, msg, env);
    msg.setPayload(Payload.xml(xml));
    if (c.version === 'pox') msg.processingFault = true;
    if (c.markAsResponse) {
      msg.direction = 'response';
      msg.to = undefined;
    }
    return true;
  },
});
