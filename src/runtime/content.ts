/**
 * Body bytes ↔ Payload by Content-Type, in one place for the HTTP listener, endpoint responses and
 * stored messages. SOAP envelopes are reduced to the body's first element, as Payload expects.
 */
import { ConduitError } from '../model/errors';
import { parseXml } from '../model/xml';
import { Payload, type MessageContext } from './message';

/** The media type without parameters, lower case (`application/json`). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonType(mt: string): boolean {
  return mt === 'application/json' || mt.endsWith('+json') || mt === 'text/json';
}

export function isXmlType(mt: string): boolean {
  return mt === 'application/xml' || mt === 'text/xml' || mt.endsWith('+xml');
}

/**
 * Builds a payload from body bytes. With `strict`, a body that does not parse as its Content-Type
 * says throws CONDUIT_REQUEST_MALFORMED (the listener checks at receipt); otherwise it is kept as text.
 */
export function payloadFromBody(body: Buffer, contentType: string | undefined, strict: boolean): Payload {
  if (body.length === 0) return Payload.none();
  const mt = mediaType(contentType);
  const text = () => body.toString('utf8');
  if (isJsonType(mt)) {
    const t = text();
    if (strict) {
      try {
        JSON.parse(t);
      } catch (err) {
        throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the JSON body does not parse: ${(err as Error).message}`);
      }
    }
    return Payload.json(t);
  }
  if (isXmlType(mt)) {
    const t = text();
    const doc = parseXml(t);
    if (doc.errors.length > 0 || !doc.root) {
      if (!strict) return Payload.text(t);
      const e = doc.errors[0];
      const at = e ? ` at line ${e.range.start.line + 1}, column ${e.range.start.column + 1}` : '';
      throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the XML body does not parse${at}: ${e?.message ?? 'no root element'}`);
    }
    const root = doc.root;
    if (root.local === 'Envelope') {
      const bodyEl = root.children.find((c) => c.kind === 'element' && c.local === 'Body');
      const first = bodyEl?.kind === 'element' ? bodyEl.children.find((c) => c.kind === 'element') : undefined;
      if (!first) return Payload.none();
      return Payload.xml(t.slice(first.range.start.offset, first.range.end.offset));
    }
    return Payload.xml(t.slice(root.range.start.offset, root.range.end.offset));
  }
  if (mt.startsWith('text/') || mt === 'application/x-www-form-urlencoded' || mt === '') return Payload.text(text());
  return Payload.binary(body);
}

const DEFAULT_TYPES = { json: 'application/json', xml: 'application/xml', text: 'text/plain', binary: 'application/octet-stream', none: '' };

/** The Content-Type the message goes out with. */
export function contentTypeOf(msg: MessageContext): string {
  const fromAxis2 = msg.axis2.get('ContentType') ?? msg.axis2.get('messageType');
  if (typeof fromAxis2 === 'string' && fromAxis2 !== '') return fromAxis2;
  return msg.transportHeaders.get('Content-Type') ?? DEFAULT_TYPES[msg.payload.kind];
}

/** Sets the payload together with messageType, ContentType and the Content-Type header. */
export function setBody(msg: MessageContext, payload: Payload, contentType: string | undefined): void {
  msg.setPayload(payload);
  if (contentType) {
    msg.axis2.set('ContentType', contentType);
    msg.axis2.set('messageType', mediaType(contentType));
    msg.transportHeaders.set('Content-Type', contentType);
  } else {
    msg.axis2.delete('ContentType');
    msg.axis2.delete('messageType');
    msg.transportHeaders.delete('Content-Type');
  }
}

/** Headers that describe one hop of the connection and are never copied to another. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'host',
  'expect',
]);
