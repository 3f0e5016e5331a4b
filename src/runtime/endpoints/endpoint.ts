/**
 * Deployed endpoints. Every kind (one back end, a key reference, a failover or load-balance group)
 * is an Endpoint; LeafEndpoint holds one back end's definition, its suspension state and the exchange
 * that turns a message into an HTTP request and the answer back into the message.
 */
import type { Logger } from '../logger';
import { MediationFault, SYNAPSE_ERRORS } from '../fault';
import { Headers, type MessageContext } from '../message';
import { contentTypeOf, HOP_BY_HOP, mediaType, payloadFromBody } from '../content';
import { wireBody } from '../wire-body';
import type { LeafDefinition } from './definition';
import { HttpClient, TransportError } from './http-client';
import type { EndpointTemplate } from './template-endpoint';
import { SuspensionState } from './suspension';
import { expandEndpointUrl, templateVariables } from './url';

export const ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';

/** Rewrites URL prefixes (e.g. `http://localhost:9090` → a test back end); applied to every outgoing URL. */
export type EndpointOverrides = Record<string, string>;

export interface EndpointContext {
  logger: Logger;
  client: HttpClient;
  overrides?: EndpointOverrides;
  /** Deployed endpoints by name, for the `<endpoint key>` members of groups. */
  endpoints?: ReadonlyMap<string, Endpoint>;
  /** Deployed endpoint templates by name, for `<endpoint template>`. */
  endpointTemplates?: ReadonlyMap<string, EndpointTemplate>;
  /** Key references followed to reach this send; bounds a group that contains itself. */
  depth?: number;
}

/** A deployed endpoint of any kind, as mediators and processors send through it. */
export interface Endpoint {
  readonly name: string;
  /** Whether it may take a message now: not suspended, or a group with a member that may. */
  ready(ctx: EndpointContext): boolean;
  /**
   * Sends the message and replaces its payload, transport headers and HTTP_SC with the answer.
   * Throws a MediationFault on a transport failure or when nothing can take the message.
   */
  send(msg: MessageContext, ctx: EndpointContext): Promise<void>;
  /** Whether a group may try its next member after this one failed with `errorCode` (retryConfig). */
  retries(errorCode: number | string): boolean;
}

const NO_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * What an address endpoint's `format` forces on the request, as Synapse's sender sets it up: the SOAP
 * formats always POST a SOAP envelope (text/xml for 1.1, with the SOAPAction header; application/soap+xml
 * for 1.2), pox sends plain XML, get sends a GET without a body; rest (and no format) sends as the message is.
 */
interface Format {
  method?: string;
  /** The Content-Type given the message's own. */
  contentType?: (own: string) => string;
  soapAction?: boolean;
}

const FORMATS: Record<string, Format> = {
  soap11: { method: 'POST', contentType: (own) => 'text/xml' + charsetOf(own), soapAction: true },
  soap12: { method: 'POST', contentType: (own) => 'application/soap+xml' + charsetOf(own) },
  pox: { contentType: (own) => 'application/xml' + charsetOf(own) },
  get: { method: 'GET' },
};

function charsetOf(contentType: string): string {
  const m = /;\s*charset=([^;]+)/i.exec(contentType);
  return m ? `; charset=${m[1]!.trim()}` : '';
}

/** The SOAP 1.1 action: the message's SOAP action, else its WS-Addressing action, quoted as SOAP 1.1 writes it. */
function setSoapAction(msg: MessageContext, headers: Record<string, string>): void {
  let own: string | undefined;
  for (const k of Object.keys(headers)) {
    if (k.toLowerCase() !== 'soapaction') continue;
    own = headers[k];
    delete headers[k];
  }
  const action = [msg.axis2.get('SOAPAction'), msg.axis2.get('WSAction'), own?.replace(/^"(.*)"$/, '$1')].find(
    (a): a is string => typeof a === 'string' && a !== '',
  );
  if (action !== undefined) headers['SOAPAction'] = `"${action}"`;
}

export class LeafEndpoint implements Endpoint {
  readonly state: SuspensionState;
  private readonly extraVars: Map<string, string>;

  constructor(readonly def: LeafDefinition) {
    this.state = new SuspensionState(def.suspension);
    this.extraVars = new Map(def.properties.filter((p) => p.scope === 'default').map((p) => [p.name, p.value]));
  }

  get name(): string {
    return this.def.name;
  }

  ready(): boolean {
    return this.state.blockedFor() === 0;
  }

  retries(errorCode: number | string): boolean {
    const { disabled, enabled } = this.def.retry;
    if (typeof errorCode !== 'number') return true;
    if (disabled.includes(errorCode)) return false;
    return enabled.length === 0 || enabled.includes(errorCode);
  }

  /** The URL this endpoint sends the message to. */
  url(msg: MessageContext, overrides?: EndpointOverrides): string {
    const d = this.def;
    let url: string;
    if (d.kind === 'http') url = expandEndpointUrl(d.target, templateVariables(msg, this.extraVars));
    else {
      const postfix = msg.axis2.get('REST_URL_POSTFIX');
      url = d.target + (typeof postfix === 'string' && postfix !== '' && d.format !== 'soap11' && d.format !== 'soap12' ? joinPostfix(d.target, postfix) : '');
    }
    return applyOverrides(url, overrides);
  }

  async send(msg: MessageContext, ctx: EndpointContext): Promise<void> {
    const blocked = this.state.blockedFor();
    if (blocked > 0) {
      throw new MediationFault(
        'CONDUIT_ENDPOINT_SUSPENDED',
        `endpoint ${this.name} is ${this.state.state === 'suspended' ? 'suspended' : 'marked for suspension'} for another ${blocked} ms after failures; failing fast`,
        SYNAPSE_ERRORS.ENDPOINT_SUSPENDED,
      );
    }
    for (const p of this.def.properties) {
      if (p.scope === 'axis2') msg.axis2.set(p.name, p.value);
      else if (p.scope === 'transport') msg.transportHeaders.set(p.name, p.value);
      else msg.setProperty(p.name, p.value);
    }
    const url = this.url(msg, ctx.overrides);
    const httpMethod = msg.axis2.get('HTTP_METHOD');
    const format = this.def.kind === 'http' ? undefined : FORMATS[this.def.format ?? ''];
    const method = format?.method ?? this.def.method ?? (typeof httpMethod === 'string' ? httpMethod : msg.method).toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of msg.transportHeaders.entries()) if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = v;
    const noEntity = msg.axis2.get('NO_ENTITY_BODY') === true || msg.axis2.get('NO_ENTITY_BODY') === 'true';
    let body: Buffer | undefined;
    // Serialising can fail (an XML payload sent as JSON that does not parse): that is a fault too.
    const forcedType = format?.contentType?.(contentTypeOf(msg));
    const wire = !NO_BODY.has(method) && !noEntity ? wireBody(msg, forcedType) : undefined;
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
    if (wire) {
      body = wire.bytes;
      headers['Content-Type'] = wire.contentType;
    }
    if (format?.soapAction) setSoapAction(msg, headers);
    let answer;
    try {
      answer = await ctx.client.request({ method, url, headers, body, timeoutMs: this.def.timeoutMs });
    } catch (err) {
      const code = err instanceof TransportError ? err.errorCode : SYNAPSE_ERRORS.SEND_IO;
      const message = err instanceof Error ? err.message : String(err);
      const suspendedFor = this.state.onFailure(code);
      if (suspendedFor !== undefined)
        ctx.logger.log('WARN', 'EndpointContext', `Suspending endpoint : ${this.name} with address ${url} - current suspend duration is : ${suspendedFor}ms`);
      throw new MediationFault('CONDUIT_ENDPOINT_UNREACHABLE', `endpoint ${this.name}: ${message}`, code, { cause: err });
    }
    if (this.state.state !== 'active') ctx.logger.log('INFO', 'EndpointContext', `Endpoint : ${this.name} with address ${url} is now ACTIVE`);
    this.state.onSuccess();
    applyAnswer(msg, answer.status, answer.headers, answer.body);
  }
}

/** Puts a back end's answer into the message, as Synapse's callback receiver builds the response context. */
export function applyAnswer(msg: MessageContext, status: number, headers: Record<string, string | string[] | undefined>, body: Buffer): void {
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
  msg.transportHeaders = new Headers();
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) msg.transportHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
  msg.setPayload(payloadFromBody(body, contentType, false));
  msg.axis2.set('HTTP_SC', status);
  msg.axis2.delete('NO_ENTITY_BODY');
  if (contentType) {
    msg.axis2.set('ContentType', contentType);
    msg.axis2.set('messageType', mediaType(contentType));
  } else {
    msg.axis2.delete('ContentType');
    msg.axis2.delete('messageType');
  }
  msg.to = ANONYMOUS;
}

function joinPostfix(base: string, postfix: string): string {
  if (postfix.startsWith('?')) return postfix;
  if (base.endsWith('/') && postfix.startsWith('/')) return postfix.slice(1);
  if (!base.endsWith('/') && !postfix.startsWith('/')) return '/' + postfix;
  return postfix;
}

function applyOverrides(url: string, overrides?: EndpointOverrides): string {
  if (!overrides) return url;
  for (const [from, to] of Object.entries(overrides)) if (url.startsWith(from)) return to + url.slice(from.length);
  return url;
}
