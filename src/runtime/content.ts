/**
 * Body bytes ↔ Payload by Content-Type, in one place for the HTTP listener, endpoint responses and
 * stored messages. SOAP envelopes are reduced to the body's first element, as Payload expects.
 */
import { ConduitError } from '../model/errors';
import { parseXml, standaloneText, type XmlElement } from '../model/xml';
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
 * Deepest nesting a request body may have (JSON arrays/objects, XML elements). XML tooling slows down
 * with depth (XPath's `//` grows with the square of it): a 700 kB body of 100,000 nested elements kept
 * one request busy for minutes. Jackson's default limit is of the same order.
 */
export const MAX_BODY_DEPTH = 1000;

/** The deepest nesting of arrays and objects in JSON text (strings skipped), in one pass. */
function jsonDepth(t: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

function tooDeep(kind: string): ConduitError {
  return new ConduitError('CONDUIT_REQUEST_MALFORMED', `the ${kind} body is nested deeper than ${MAX_BODY_DEPTH} levels`);
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
      if (jsonDepth(t) > MAX_BODY_DEPTH) throw tooDeep('JSON');
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
    if (strict && xmlDepth(root) > MAX_BODY_DEPTH) throw tooDeep('XML');
    if (root.local === 'Envelope') {
      const bodyEl = root.children.find((c) => c.kind === 'element' && c.local === 'Body');
      const first = bodyEl?.kind === 'element' ? bodyEl.children.find((c) => c.kind === 'element') : undefined;
      if (!first) return Payload.none();
      return Payload.xml(standaloneText(t, first));
    }
    return Payload.xml(t.slice(root.range.start.offset, root.range.end.offset));
  }
  if (mt.startsWith('text/') || mt === 'application/x-www-form-urlencoded' || mt === '') return Payload.text(text());
  return Payload.binary(body);
}

/** The deepest element nesting under `root` (iterative: a deep document must not overflow the stack). */
function xmlDepth(root: XmlElement): number {
  let max = 0;
  const todo: Array<[XmlElement, number]> = [[root, 1]];
  while (todo.length > 0) {
    const [el, d] = todo.pop()!;
    if (d > max) max = d;
    for (const c of el.children) if (c.kind === 'element') todo.push([c, d + 1]);
  }
  return max;
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
