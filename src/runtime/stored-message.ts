/**
 * The one conversion between a live MessageContext and a StoredMessage (what Synapse's
 * MessageConverter persists): payload with its content type, transport headers, default-scope
 * properties whose values are strings, and axis2 properties with primitive values. Continuations and
 * fault handlers are never stored; a message taken from a store starts a fresh flow.
 */
import { randomUUID } from 'node:crypto';
import { contentTypeOf } from './content';
import { Headers, MessageContext, Payload } from './message';
import type { StoredMessage } from './stores/types';

/** Properties Synapse leaves out of a stored message. */
const NOT_STORED = new Set(['PROXY_SERVICE', 'SYNAPSE_REST_API', 'SYNAPSE_RESOURCE']);

export function toStoredMessage(msg: MessageContext): StoredMessage {
  const properties: Record<string, string> = {};
  for (const [k, v] of msg.properties) if (typeof v === 'string' && !NOT_STORED.has(k)) properties[k] = v;
  const axis2: Record<string, string | number | boolean> = {};
  for (const [k, v] of msg.axis2) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') axis2[k] = v;
  const p = msg.payload;
  return {
    messageId: `urn:uuid:${randomUUID()}`,
    storedAt: Date.now(),
    payload: {
      kind: p.kind,
      text: p.kind === 'binary' ? p.bytes().toString('base64') : p.text,
      contentType: p.kind === 'none' ? undefined : contentTypeOf(msg),
    },
    transportHeaders: msg.transportHeaders.toRecord(),
    properties,
    axis2,
    origin: msg.artifactName,
  };
}

export function fromStoredMessage(stored: StoredMessage): MessageContext {
  const msg = new MessageContext();
  msg.messageId = stored.messageId;
  const sp = stored.payload;
  const payload =
    sp.kind === 'json' ? Payload.json(sp.text)
    : sp.kind === 'xml' ? Payload.xml(sp.text)
    : sp.kind === 'text' ? Payload.text(sp.text)
    : sp.kind === 'binary' ? Payload.binary(Buffer.from(sp.text, 'base64'))
    : Payload.none();
  msg.setPayload(payload);
  msg.transportHeaders = new Headers(stored.transportHeaders);
  for (const [k, v] of Object.entries(stored.properties)) msg.properties.set(k, v);
  for (const [k, v] of Object.entries(stored.axis2)) msg.axis2.set(k, v);
  if (sp.contentType && !msg.axis2.has('ContentType')) msg.axis2.set('ContentType', sp.contentType);
  const method = stored.axis2.HTTP_METHOD;
  if (typeof method === 'string') msg.method = method;
  return msg;
}
