/**
 * The SOAP envelope XPath sees: `<soapenv:Envelope><soapenv:Body>` holding the XML body, or the
 * `<jsonObject>` view of a JSON body, or `<ns:text>` for plain text. Built on first use and cached on
 * the message until its payload changes.
 */
import { DOMImplementation, DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { ConduitError } from '../../model/errors';
import type { MessageContext } from '../message';
import { jsonToXml } from '../../model/json/json-xml';
import { payloadJson } from './payload-json';

export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Namespace of the elements MI wraps plain-text and binary bodies in. */
export const PAYLOAD_NS = 'http://ws.apache.org/commons/ns/payload';

export interface EnvelopeView {
  doc: Document;
  envelope: Element;
  body: Element;
  header?: Element;
}

/**
 * Parses XML text into a DOM, refusing a DOCTYPE so no entity (internal or external) is ever declared
 * or expanded. Throws CONDUIT_REQUEST_MALFORMED with the parser's reason.
 */
export function parseXmlDom(text: string): Document {
  if (/<!DOCTYPE/i.test(text)) throw new ConduitError('CONDUIT_REQUEST_MALFORMED', 'the XML text has a DOCTYPE, which is not accepted');
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
    if (!doc.documentElement) throw new Error('no root element');
    return doc;
  } catch (err) {
    throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the XML text does not parse: ${(err as Error).message}`, { cause: err });
  }
}

function newEnvelope(ns = SOAP12_NS): EnvelopeView {
  const doc = new DOMImplementation().createDocument(ns, 'soapenv:Envelope', null);
  const envelope = doc.documentElement!;
  const body = doc.createElementNS(ns, 'soapenv:Body');
  envelope.appendChild(body);
  return { doc, envelope, body };
}

function isEnvelope(el: Element): boolean {
  return el.localName === 'Envelope' && (el.namespaceURI === SOAP12_NS || el.namespaceURI === SOAP11_NS);
}

function build(msg: MessageContext): EnvelopeView {
  const p = msg.payload;
  if (p.kind === 'xml' && p.text.trim() !== '') {
    const parsed = parseXmlDom(p.text);
    const root = parsed.documentElement!;
    if (isEnvelope(root)) {
      const kids = Array.from(root.childNodes).filter((n) => n.nodeType === 1) as Element[];
      return {
        doc: parsed,
        envelope: root,
        body: kids.find((k) => k.localName === 'Body') ?? root,
        header: kids.find((k) => k.localName === 'Header'),
      };
    }
    const view = newEnvelope();
    view.body.appendChild(view.doc.importNode(root, true));
    return view;
  }
  const view = newEnvelope();
  if (p.kind === 'json') {
    const value = payloadJson(msg);
    if (value !== undefined) view.body.appendChild(jsonToXml(view.doc, value, p.text));
  } else if (p.kind === 'text') {
    const t = view.doc.createElementNS(PAYLOAD_NS, 'ns:text');
    t.appendChild(view.doc.createTextNode(p.text));
    view.body.appendChild(t);
  } else if (p.kind === 'binary') {
    const b = view.doc.createElementNS(PAYLOAD_NS, 'ns:binary');
    b.appendChild(view.doc.createTextNode((p.binary ?? Buffer.alloc(0)).toString('base64')));
    view.body.appendChild(b);
  }
  return view;
}

const VIEW = 'xpath:envelope';

/** The message's envelope view, cached on msg.views and rebuilt when the payload object changes. */
export function envelopeOf(msg: MessageContext): EnvelopeView {
  const cached = msg.views.get(VIEW) as { payload: unknown; view: EnvelopeView } | undefined;
  if (cached && cached.payload === msg.payload) return cached.view;
  const view = build(msg);
  msg.views.set(VIEW, { payload: msg.payload, view });
  return view;
}

/** The first element of the SOAP body, if any. */
export function firstBodyElement(view: EnvelopeView): Element | undefined {
  for (let c = view.body.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return c as Element;
  return undefined;
}

/** `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope ...>`, as MI's full log prints it. */
export function serializeEnvelope(msg: MessageContext): string {
  return `<?xml version='1.0' encoding='utf-8'?>${new XMLSerializer().serializeToString(envelopeOf(msg).envelope)}`;
}

/** Serializes a node as XML text (namespace declarations it needs included). */
export function serializeNode(node: import('@xmldom/xmldom').Node): string {
  return new XMLSerializer().serializeToString(node);
}
