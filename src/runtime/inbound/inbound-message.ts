/** The message of an inbound endpoint, as MI's inbound injectors build it. */
import { mediaType, payloadFromBody } from '../content';
import { Headers, MessageContext } from '../message';

/** Marks a message as taken by the inbound endpoint: MI's `{inboundendpoint:I}` log prefix and properties. */
export function markInbound(msg: MessageContext, inbound: string): void {
  msg.artifactName = inbound;
  msg.artifactKind = 'inbound';
  msg.setProperty('inbound.endpoint.name', inbound);
  msg.setProperty('isInbound', true);
}

/** A message polled or consumed by an inbound endpoint: the body read as its content type says (throws when it does not parse). */
export function inboundMessage(inbound: string, body: Buffer, contentType: string, headers: Record<string, string>): MessageContext {
  const msg = new MessageContext();
  msg.setPayload(payloadFromBody(body, contentType, true));
  msg.method = 'POST';
  msg.transportHeaders = new Headers(headers);
  msg.axis2.set('ContentType', contentType);
  msg.axis2.set('messageType', mediaType(contentType));
  markInbound(msg, inbound);
  return msg;
}
