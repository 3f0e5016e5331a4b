/**
 * The bytes and Content-Type a message goes out with (to a client or a back end). When the message
 * type says JSON but the payload is XML (or the other way round), the payload is converted the way
 * MI's message formatters do, using the same JSON↔XML rules XPath sees.
 */
import { DOMImplementation } from '@xmldom/xmldom';
import { contentTypeOf, isJsonType, isXmlType, mediaType } from './content';
import { parseXmlDom, serializeNode } from './expressions/envelope';
import { jsonToXml, xmlToJson } from './expressions/json-xml';
import type { MessageContext } from './message';

export interface WireBody {
  contentType: string;
  bytes: Buffer;
}

export function wireBody(msg: MessageContext): WireBody | undefined {
  const p = msg.payload;
  if (p.kind === 'none') return undefined;
  const contentType = contentTypeOf(msg);
  const mt = mediaType(contentType);
  if (p.kind === 'xml' && isJsonType(mt)) {
    const root = parseXmlDom(p.text).documentElement;
    if (root) return { contentType, bytes: Buffer.from(xmlToJson(root), 'utf8') };
  }
  if (p.kind === 'json' && isXmlType(mt)) {
    const doc = new DOMImplementation().createDocument(null, 'root', null);
    const el = jsonToXml(doc, p.json(), p.text);
    return { contentType, bytes: Buffer.from(serializeNode(el), 'utf8') };
  }
  return { contentType, bytes: p.bytes() };
}
