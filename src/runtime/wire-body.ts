/**
 * The bytes and Content-Type a message goes out with (to a client or a back end). When the message
 * type says JSON but the payload is XML (or the other way round), the payload is converted the way
 * MI's message formatters do, using the same JSON↔XML rules XPath sees; an XML body sent as `text/xml` or
 * `application/soap+xml` goes out in a SOAP envelope, as MI's SOAP formatters write it.
 */
import { DOMImplementation } from '@xmldom/xmldom';
import { contentTypeOf, isJsonType, isXmlType, mediaType } from './content';
import { envelopeOf, firstBodyElement, serializeNode, SOAP11_NS, SOAP12_NS } from './expressions/envelope';
import { jsonToXml, xmlToJson } from '../model/json/json-xml';
import type { MessageContext } from './message';

export interface WireBody {
  contentType: string;
  bytes: Buffer;
}

/** `contentType`, when given, replaces the message's own (an endpoint's `format` forces one). */
export function wireBody(msg: MessageContext, contentType = contentTypeOf(msg)): WireBody | undefined {
  const p = msg.payload;
  if (p.kind === 'none') return undefined;
  const mt = mediaType(contentType);
  if (p.kind === 'xml' && isJsonType(mt)) {
    // MI's JSON formatter writes the body's first element, also when the payload is a whole envelope.
    const root = firstBodyElement(envelopeOf(msg));
    if (root) return { contentType, bytes: Buffer.from(xmlToJson(root), 'utf8') };
  }
  if (p.kind === 'xml' && !isSoapType(mt) && isEnvelopeText(p.text)) {
    // The plain XML formatter writes only the body's first element; SOAP types keep the envelope.
    const first = firstBodyElement(envelopeOf(msg));
    return { contentType, bytes: Buffer.from(first ? serializeNode(first) : '', 'utf8') };
  }
  if (p.kind === 'json' && isXmlType(mt)) {
    const doc = new DOMImplementation().createDocument(null, 'root', null);
    const el = jsonToXml(doc, p.json(), p.text);
    return { contentType, bytes: Buffer.from(inEnvelope(mt, serializeNode(el)), 'utf8') };
  }
  if (p.kind === 'xml' && isSoapType(mt) && !isEnvelopeText(p.text)) return { contentType, bytes: Buffer.from(inEnvelope(mt, p.text), 'utf8') };
  return { contentType, bytes: p.bytes() };
}

/** The envelope MI's SOAP formatters write for each SOAP media type. */
const SOAP_ENVELOPES: Record<string, string> = { 'text/xml': SOAP11_NS, 'application/soap+xml': SOAP12_NS };

function isSoapType(mt: string): boolean {
  return mt in SOAP_ENVELOPES;
}

/**
 * A body element as a SOAP media type carries it: in a SOAP 1.1 (`text/xml`) or 1.2 envelope, as MI's
 * SOAP formatters write the message, so a SOAP back end or client gets a SOAP message.
 */
function inEnvelope(mt: string, xml: string): string {
  const ns = SOAP_ENVELOPES[mt];
  if (!ns) return xml;
  return `<soapenv:Envelope xmlns:soapenv="${ns}"><soapenv:Body>${xml.replace(/^\s*<\?xml[^>]*\?>\s*/, '')}</soapenv:Body></soapenv:Envelope>`;
}

/** A cheap look at whether XML text is a SOAP envelope, before anything is parsed. */
function isEnvelopeText(text: string): boolean {
  return /^\s*(<\?xml[^>]*\?>\s*)?<([\w.-]+:)?Envelope[\s>]/.test(text);
}
