/**
 * `<callout serviceURL=".."|endpointKey=".." [action=".."]><source xpath|key/>?<target xpath|key/>?</callout>`:
 * Synapse's CalloutMediator, a blocking SOAP call. The request is the element the source selects (an
 * XPath, or a property by key; the body's first element by default) sent as SOAP 1.1 with the action as
 * SOAPAction, POSTed through the call mediator's blocking sender to the service's address as written (no
 * REST postfix, as BlockingMsgSender adds none); the answer's first body element then replaces
 * the element the target XPath selects, goes into the property the target key names, or, without a
 * target, becomes the body. The message keeps its own content type and transport headers, as MI's
 * callout leaves them.
 */
import type { Element } from '@xmldom/xmldom';
import { DOMImplementation } from '@xmldom/xmldom';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, child, el as element, type XmlElement } from '../../model/xml';
import { envelopeOf, firstBodyElement, serializeNode } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { jsonToXml } from '../../model/json/json-xml';
import { JsonValue } from '../expressions/property-values';
import { MediationFault } from '../fault';
import type { Logger } from '../logger';
import { Payload, type MessageContext } from '../message';
import { expressionAt } from './branch';
import { answerValue, snapshot, useSource, type CallSource } from './call';
import { defineMediator, type EndpointRef, type ParseContext } from './types';

interface CalloutConfig {
  endpoint: EndpointRef;
  action?: string;
  source: CallSource;
  target: { xpath: Expression } | { key: string };
}

const CALL_AXIS2 = ['HTTP_METHOD', 'REST_URL_POSTFIX'];

/** MI's default source and target: the first element of the SOAP body. */
const FIRST_BODY_ELEMENT = '$body/*[1]';

function endpointOf(el: XmlElement, ctx: ParseContext): EndpointRef {
  const key = attr(el, 'endpointKey');
  if (key !== undefined) return { key, where: ctx.where(el) };
  // serviceURL is an address endpoint made for this callout, located where the callout is written.
  const address = element('endpoint', {}, [element('address', { uri: attr(el, 'serviceURL')! })]);
  return ctx.parseEndpoint({ ...address, range: el.range, nameRange: el.nameRange, startTagRange: el.startTagRange });
}

function parseSource(el: XmlElement, ctx: ParseContext): CallSource {
  const source = child(el, 'source');
  const key = source && attr(source, 'key');
  if (key !== undefined) return { type: 'property', property: key, contentType: 'text/xml' };
  return { type: 'custom', expression: expressionAt((source && attr(source, 'xpath')) ?? FIRST_BODY_ELEMENT, source ?? el, ctx), contentType: 'text/xml' };
}

/** The answer as the element that goes into the message. */
function answerElement(msg: MessageContext): Element | undefined {
  const answer = answerValue(msg);
  if (answer instanceof JsonValue) return jsonToXml(new DOMImplementation().createDocument(null, '', null), answer.value);
  return typeof answer === 'object' && answer !== null ? (answer as Element) : undefined;
}

function fail(message: string): never {
  throw new MediationFault('CONDUIT_MEDIATION_FAILED', `callout: ${message}`);
}

/** Puts the answer where the target XPath points; an empty body simply becomes the answer. */
function replaceTarget(xpath: Expression, answer: Element, msg: MessageContext, log: Logger): void {
  const view = envelopeOf(msg);
  const target = xpath.evaluateNodes?.(msg, log)?.find((n) => n.nodeType === 1);
  if (!target) {
    if (xpath.source === FIRST_BODY_ELEMENT) return msg.setPayload(Payload.xml(serializeNode(answer)));
    fail(`the target ${xpath.source} selects no element`);
  }
  target.parentNode!.replaceChild(view.envelope.ownerDocument!.importNode(answer, true), target);
  const first = firstBodyElement(view);
  msg.setPayload(first ? Payload.xml(serializeNode(first)) : Payload.none());
}

export default defineMediator<CalloutConfig>({
  name: 'callout',
  parse(el, ctx) {
    const issue = mediatorIssues(el)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const target = child(el, 'target');
    const targetKey = target && attr(target, 'key');
    const targetXpath = target && attr(target, 'xpath');
    return {
      endpoint: endpointOf(el, ctx),
      action: attr(el, 'action'),
      source: parseSource(el, ctx),
      target: targetKey !== undefined ? { key: targetKey } : { xpath: expressionAt(targetXpath ?? FIRST_BODY_ELEMENT, target ?? el, ctx) },
    };
  },
  async mediate(c, msg, env) {
    const restore = snapshot(msg, { body: true, headers: true, axis2: CALL_AXIS2 });
    // The blocking sender posts to the service's own address: no REST postfix, whatever the request's method.
    msg.axis2.set('HTTP_METHOD', 'POST');
    msg.axis2.delete('REST_URL_POSTFIX');
    try {
      useSource(c.source, msg, env.logger);
      if (c.action !== undefined) msg.transportHeaders.set('SOAPAction', c.action);
      await env.callEndpoint(c.endpoint, msg, { blocking: true });
    } catch (err) {
      restore();
      throw err;
    }
    const answer = answerElement(msg);
    restore();
    if ('key' in c.target) msg.setProperty(c.target.key, answer ?? '');
    else replaceTarget(c.target.xpath, answer ?? fail('the answer has no XML or JSON body'), msg, env.logger);
    return true;
  },
});
