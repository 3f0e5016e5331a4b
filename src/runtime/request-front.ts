/**
 * The runtime's front: turns an HTTP request (from the listener, an HTTP inbound endpoint or inject())
 * into a message, dispatches it to a proxy service, an API resource or an inbound endpoint's sequence as
 * Synapse does, runs the flow and turns the message into the answer. Messages that come without a request
 * (a task's, a polling inbound endpoint's) enter the flows here too. It reads the deployed artifacts and
 * deploys nothing.
 */
import { randomUUID } from 'node:crypto';
import { ConduitError } from '../model/errors';
import { DISPATCH_FILTER_PATTERN, type HttpInboundDefinition, type InboundDefinition } from '../model/inbound-definition';
import { elementToString } from '../model/xml';
import type { SequenceRef } from './api';
import { payloadFromBody, HOP_BY_HOP, mediaType } from './content';
import type { Deployed, RefusedArtifact } from './deployed';
import { Flow, type FlowServices } from './flow';
import { dispatch } from './http/dispatch';
import { errorBody, type RuntimeRequest, type RuntimeResponse } from './http/listener';
import { decode } from './http/uri-template-match';
import { markInbound } from './inbound/inbound-message';
import type { Logger } from './logger';
import { artifactPrefix } from './mediators/log';
import { faultStatus } from './mediators/makefault';
import type { CompiledSequence } from './mediators/types';
import { Headers, MessageContext, Payload } from './message';
import type { RuntimeProcessorHost } from './processor-host';
import { findProxy, isWsdlRequest, missingSequence, proxyInFlow, servicePath, type CompiledProxy } from './proxy';
import { wireBody } from './wire-body';

export interface InjectRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: string | Buffer | object;
}

export interface InjectResponse extends RuntimeResponse {
  text: string;
  json(): any;
}

export interface FrontOptions {
  logger: Logger;
  services: FlowServices;
  processorHost: RuntimeProcessorHost;
  maxBodyBytes: number;
  /** A registry resource or local entry by key (a proxy's published WSDL). */
  resource(key: string): Buffer | undefined;
}

/** Headers of the request that are not echoed when a message is answered without a back-end call. */
const REQUEST_ONLY = new Set(['accept', 'accept-encoding', 'accept-language', 'user-agent', 'cookie', 'authorization', 'origin', 'referer', 'content-type']);

export class RequestFront {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deployed: Deployed,
    private readonly options: FrontOptions,
  ) {}

  /** Resolves once no request's flow is running, including those that start meanwhile. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a request through the runtime without a socket (tests). The body is checked as on the wire. */
  async inject(req: InjectRequest): Promise<InjectResponse> {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body: Buffer;
    if (req.body === undefined) body = Buffer.alloc(0);
    else if (typeof req.body === 'string') body = Buffer.from(req.body, 'utf8');
    else if (Buffer.isBuffer(req.body)) body = req.body;
    else {
      body = Buffer.from(JSON.stringify(req.body), 'utf8');
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const max = this.options.maxBodyBytes;
    const res =
      body.length > max
        ? errorBody(413, 'CONDUIT_REQUEST_TOO_LARGE', `the request body is larger than the maximum of ${max} bytes`)
        : await this.handle({ method: (req.method ?? 'GET').toUpperCase(), url: req.url, headers, body });
    const text = res.body.toString('utf8');
    return { ...res, text, json: () => JSON.parse(text) };
  }

  /** Handles one request: body check, dispatch, mediation; resolves when the client is answered. */
  handle(req: RuntimeRequest): Promise<RuntimeResponse> {
    const payload = requestPayload(req);
    if (!(payload instanceof Payload)) return Promise.resolve(payload);
    const served = this.serveService(req, payload);
    if (served) return served;
    const refused = refusedApiOf(this.deployed.refused.values(), req.url);
    if (refused) {
      const message = `the API ${refused.name} (context ${refused.context}) is not running: ${refused.code} ${refused.message}`;
      this.options.logger.log('WARN', 'RestApiDispatcher', `${req.method} ${req.url}: ${message}`);
      return Promise.resolve(errorBody(404, 'CONDUIT_DEPLOY_FAILED', message, { api: refused.name, file: refused.file }));
    }
    this.options.logger.log('WARN', 'RestApiDispatcher', `no API matches ${req.method} ${req.url}`);
    return Promise.resolve({ status: 404, headers: {}, body: Buffer.alloc(0) });
  }

  /** The request's proxy service or API flow; undefined when no proxy service and no API takes it. */
  private serveService(req: RuntimeRequest, payload: Payload): Promise<RuntimeResponse> | undefined {
    // Axis2 dispatches /services/<name> to a proxy before Synapse looks for an API.
    const service = servicePath(req.url);
    const proxy = service && findProxy(this.deployed.proxies, service.service);
    if (service && proxy) return this.handleProxy(req, proxy, service.postfix, this.requestMessage(req, payload, headerOf(req, 'activityid')));

    const d = dispatch(this.deployed.apis.values(), {
      method: req.method,
      path: req.url,
      contentType: headerOf(req, 'content-type'),
      userAgent: headerOf(req, 'user-agent'),
      hasBody: req.body.length > 0,
      host: headerOf(req, 'host')?.split(':')[0],
    });
    if (d.kind === 'no-api') return undefined;
    if (d.kind === 'status') return Promise.resolve({ status: d.status, headers: {}, body: Buffer.alloc(0) });
    if (d.kind === 'options') return Promise.resolve({ status: 200, headers: { Allow: d.allow.join(', ') }, body: Buffer.alloc(0) });

    const { api, resource } = d;
    const msg = this.requestMessage(req, payload, headerOf(req, 'activityid'));
    msg.artifactName = api.name;
    msg.axis2.set('REST_URL_POSTFIX', d.subPath);
    msg.setProperty('REST_SUB_REQUEST_PATH', d.subPath);
    msg.setProperty('REST_API_CONTEXT', api.context);
    msg.setProperty('SYNAPSE_REST_API', api.name);
    if (api.version !== undefined) msg.setProperty('SYNAPSE_REST_API_VERSION', api.version);
    if (resource.uriTemplate) msg.setProperty('rest.url.pattern', resource.uriTemplate.template);
    for (const [k, v] of Object.entries(d.uriVars)) msg.setProperty(`uri.var.${k}`, v);
    return this.runRequest(msg, resource.where, this.resolveSlot(resource.inSequence) ?? { steps: [] }, this.resolveSlot(resource.outSequence), this.resolveSlot(resource.faultSequence));
  }

  /**
   * A request on an HTTP inbound endpoint's port, as InboundHttpServerWorker dispatches it: without a
   * `dispatch.filter.pattern` it runs the inbound sequence; with one, a request whose path matches goes
   * to the API or proxy service that takes it, and any other request to the main sequence.
   */
  handleInbound(inbound: HttpInboundDefinition, req: RuntimeRequest): Promise<RuntimeResponse> {
    const payload = requestPayload(req);
    if (!(payload instanceof Payload)) return Promise.resolve(payload);
    const pattern = inbound.dispatchPattern;
    if (pattern) {
      if (!pattern.matches(req.url)) return this.runInboundFlow(inbound, req, payload, 'main', `does not match its ${DISPATCH_FILTER_PATTERN}`);
      return this.serveService(req, payload) ?? this.runInboundFlow(inbound, req, payload, 'main', `matches its ${DISPATCH_FILTER_PATTERN} but no API or proxy service takes it`);
    }
    const { sequence, whyMain } = this.inboundSequence(inbound);
    return this.runInboundFlow(inbound, req, payload, sequence, `came in, and the inbound endpoint ${whyMain}`);
  }

  /** The sequence an inbound endpoint injects into: its own, else (absent or not deployed) the main sequence, as MI. */
  private inboundSequence(inbound: InboundDefinition): { sequence: string; whyMain: string } {
    if (inbound.sequence && this.deployed.sequences.has(inbound.sequence)) return { sequence: inbound.sequence, whyMain: '' };
    return { sequence: 'main', whyMain: inbound.sequence ? `has its sequence '${inbound.sequence}' not deployed` : 'names no sequence' };
  }

  /**
   * Runs the request through a sequence with the inbound endpoint's onError sequence (else `fault`) as
   * fault handler. MI's fallback is its built-in main sequence; Conduit has none, so without a project
   * sequence named `main` the request gets 404.
   */
  private runInboundFlow(inbound: HttpInboundDefinition, req: RuntimeRequest, payload: Payload, sequence: string, whyMain: string): Promise<RuntimeResponse> {
    const seq = this.deployed.sequences.get(sequence);
    if (!seq) {
      const message = `inbound endpoint ${inbound.name}: ${req.method} ${req.url} ${whyMain}; MI injects such a request into the main sequence, and the project has no sequence named 'main'`;
      this.options.logger.log('WARN', 'InboundHttpServerWorker', `CONDUIT_REFERENCE_UNRESOLVED ${message}`);
      return Promise.resolve(errorBody(404, 'CONDUIT_REFERENCE_UNRESOLVED', message));
    }
    const msg = this.requestMessage(req, payload, headerOf(req, 'activityid'));
    markInbound(msg, inbound.name);
    const onError = inbound.onError === undefined ? undefined : this.deployed.sequences.get(inbound.onError);
    return this.runRequest(msg, `inbound endpoint ${inbound.name}`, seq, undefined, onError);
  }

  /**
   * A request for a proxy: `?wsdl` answers its published WSDL; a proxy that is stopped or takes no
   * HTTP gets 404; otherwise its in-flow runs as ProxyServiceMessageReceiver runs it.
   */
  private handleProxy(req: RuntimeRequest, proxy: CompiledProxy, postfix: string, msg: MessageContext): Promise<RuntimeResponse> {
    if (!proxy.startOnLoad || !proxy.servedOverHttp) {
      const why = proxy.startOnLoad ? `takes messages over ${proxy.transports.join(', ')} only` : 'is not started (startOnLoad="false")';
      this.options.logger.log('WARN', 'ProxyServiceMessageReceiver', `proxy service ${proxy.name} ${why}; ${req.method} ${req.url} gets 404`);
      return Promise.resolve({ status: 404, headers: {}, body: Buffer.alloc(0) });
    }
    if (isWsdlRequest(req.method, req.url)) return Promise.resolve(this.proxyWsdl(proxy));
    msg.axis2.set('REST_URL_POSTFIX', postfix);
    return this.runRequest(msg, proxy.where, ...this.proxyFlow(proxy, msg));
  }

  /** A task's message through a proxy, as MessageInjector hands it to the proxy's Axis2 service. */
  async injectIntoProxy(name: string, msg: MessageContext): Promise<Error | undefined> {
    const proxy = this.deployed.proxies.get(name);
    if (!proxy) throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `proxy service '${name}' is not deployed; this run injected nothing`);
    if (!proxy.startOnLoad) throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `proxy service '${name}' is not started (startOnLoad="false"); this run injected nothing`);
    const [inFlow, outSequence, faultSequence] = this.proxyFlow(proxy, msg);
    return this.options.processorHost.mediate(inFlow, msg, outSequence, faultSequence);
  }

  /**
   * Marks the message as the proxy's (`{proxy:P}` log prefix, `proxy.name`) and gives the in-flow,
   * outSequence and fault sequence it runs through; a named sequence is looked up now.
   */
  private proxyFlow(proxy: CompiledProxy, msg: MessageContext): [inFlow: CompiledSequence, outSequence?: CompiledSequence, faultSequence?: CompiledSequence] {
    msg.artifactName = proxy.name;
    msg.artifactKind = 'proxy';
    msg.setProperty('proxy.name', proxy.name);
    const named = (ref: SequenceRef | undefined, role: string) => {
      if (!ref) return undefined;
      if ('inline' in ref) return ref.inline;
      return this.deployed.sequences.get(ref.key) ?? missingSequence(`Unable to find the ${role} : ${ref.key} of proxy service ${proxy.name}`, proxy.where);
    };
    return [proxyInFlow(proxy, named(proxy.inSequence, 'in-sequence')), named(proxy.outSequence, 'out-sequence'), this.resolveSlot(proxy.faultSequence)];
  }

  private proxyWsdl(proxy: CompiledProxy): RuntimeResponse {
    const wsdl = proxy.wsdl;
    const text = wsdl?.kind === 'inline' ? elementToString(wsdl.element) : wsdl?.kind === 'key' ? this.options.resource(wsdl.key)?.toString('utf8') : undefined;
    if (text !== undefined) return { status: 200, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, body: Buffer.from(text, 'utf8') };
    const why =
      wsdl?.kind === 'remote' ? `its WSDL is at ${wsdl.location}, which Conduit does not fetch`
      : wsdl?.kind === 'key' ? `its WSDL key '${wsdl.key}' resolves to no registry resource or local entry`
      : 'it publishes no WSDL, and Conduit does not generate one';
    return errorBody(501, 'CONDUIT_UNSUPPORTED', `proxy service ${proxy.name} has no WSDL to serve: ${why}`);
  }

  /** The message of an incoming request, with what every flow sees of its transport. */
  private requestMessage(req: RuntimeRequest, payload: Payload, activityId: string | undefined): MessageContext {
    const msg = new MessageContext();
    const correlation = activityId ?? randomUUID();
    msg.messageId = `urn:uuid:${correlation}`;
    msg.correlationId = correlation;
    msg.transportHeaders = new Headers(req.headers);
    msg.setPayload(payload);
    msg.method = req.method;
    msg.requestPath = req.url;
    msg.to = req.url;
    msg.axis2.set('HTTP_METHOD', req.method);
    msg.axis2.set('TransportInURL', req.url);
    const contentType = msg.transportHeaders.get('content-type');
    if (contentType) {
      msg.axis2.set('ContentType', contentType);
      msg.axis2.set('messageType', mediaType(contentType));
    }
    if (req.body.length === 0) msg.axis2.set('NO_ENTITY_BODY', true);
    msg.setProperty('REST_FULL_REQUEST_PATH', req.url);
    msg.setProperty('REST_METHOD', req.method);
    setQueryParams(msg, req.url);
    return msg;
  }

  /**
   * Runs a request's flow and resolves with the client's answer: the one the flow gives, else 500 after
   * a fault (CONDUIT_EMPTY_FAULT_SEQUENCE) or 202 when the flow ends without answering.
   */
  private runRequest(msg: MessageContext, where: string, inFlow: CompiledSequence, outSequence?: CompiledSequence, faultSequence?: CompiledSequence): Promise<RuntimeResponse> {
    return new Promise<RuntimeResponse>((resolve) => {
      const flow = new Flow(this.options.services, (m) => resolve(this.toResponse(m, msg.method)), outSequence);
      const run = flow
        .runTop(inFlow, msg, faultSequence)
        .then(() => undefined)
        .catch((err: unknown) => {
          this.options.logger.log('ERROR', 'Runtime', `${artifactPrefix(msg)}CONDUIT_MEDIATION_FAILED ${err instanceof Error ? err.message : String(err)}`);
          flow.faulted ??= err instanceof Error ? err : new Error(String(err));
        })
        .finally(() => {
          this.inFlight.delete(run);
          if (flow.responded) return;
          flow.responded = true;
          if (flow.faulted) {
            this.options.logger.log('WARN', 'Runtime', `${artifactPrefix(msg)}CONDUIT_EMPTY_FAULT_SEQUENCE the fault handler of ${where} ended without answering the client; answering 500`);
            const code = msg.getProperty('ERROR_CODE');
            resolve(
              errorBody(500, 'CONDUIT_EMPTY_FAULT_SEQUENCE', `the request failed and the fault sequence sent no response: ${flow.faulted.message}`, {
                errorCode: code === undefined ? undefined : String(code),
              }),
            );
          } else resolve({ status: 202, headers: {}, body: Buffer.alloc(0) });
        });
      this.inFlight.add(run);
    });
  }

  private resolveSlot(ref: SequenceRef | undefined): CompiledSequence | undefined {
    if (!ref) return undefined;
    if ('inline' in ref) return ref.inline;
    const seq = this.deployed.sequences.get(ref.key);
    if (!seq) this.options.logger.log('WARN', 'Runtime', `sequence '${ref.key}' is not deployed`);
    return seq;
  }

  private toResponse(msg: MessageContext, method: string): RuntimeResponse {
    const sc = msg.axis2.get('HTTP_SC');
    const parsed = typeof sc === 'number' ? sc : typeof sc === 'string' ? Number.parseInt(sc, 10) : NaN;
    const status = Number.isInteger(parsed) && parsed >= 100 && parsed <= 599 ? parsed : (faultStatus(msg) ?? 200);
    const headers: Record<string, string> = {};
    // Without a back-end answer (no HTTP_SC yet) the headers are still the request's.
    const requestHeaders = !msg.axis2.has('HTTP_SC');
    for (const [k, v] of msg.transportHeaders.entries()) {
      const lk = k.toLowerCase();
      if (HOP_BY_HOP.has(lk) || lk === 'content-type' || (requestHeaders && REQUEST_ONLY.has(lk))) continue;
      headers[k] = v;
    }
    const noEntity = method === 'HEAD' || status === 204 || status === 304;
    let body: Buffer = Buffer.alloc(0);
    if (!noEntity) {
      try {
        const wire = wireBody(msg);
        if (wire) {
          body = wire.bytes;
          headers['Content-Type'] = wire.contentType;
        }
      } catch (err) {
        return errorBody(500, 'CONDUIT_MEDIATION_FAILED', `the response could not be written: ${(err as Error).message}`);
      }
    }
    return { status, headers, body };
  }

  /** A message a polling or consuming inbound endpoint took, through its sequence as MI injects it. */
  injectInbound(inbound: InboundDefinition, msg: MessageContext): Promise<Error | undefined> {
    const { sequence, whyMain } = this.inboundSequence(inbound);
    const seq = this.deployed.sequences.get(sequence);
    if (!seq) {
      return Promise.resolve(new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `inbound endpoint ${inbound.name} ${whyMain}; MI injects its messages into the main sequence, and the project has no sequence named 'main'`));
    }
    const onError = inbound.onError === undefined ? undefined : this.deployed.sequences.get(inbound.onError);
    return this.options.processorHost.mediate(seq, msg, undefined, onError);
  }
}

function headerOf(req: RuntimeRequest, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The request's body as its Content-Type says, or the 400 answer for one that does not parse. */
function requestPayload(req: RuntimeRequest): Payload | RuntimeResponse {
  try {
    return payloadFromBody(req.body, headerOf(req, 'content-type'), true);
  } catch (err) {
    return errorBody(400, 'CONDUIT_REQUEST_MALFORMED', (err as Error).message);
  }
}

/** Sets `query.param.<name>` for each query parameter (an `&` segment without `=` continues the previous value). */
function setQueryParams(msg: MessageContext, url: string): void {
  const q = url.indexOf('?');
  if (q < 0) return;
  let last: string | undefined;
  for (const seg of url.slice(q + 1).split('&')) {
    const eq = seg.indexOf('=');
    if (eq < 0) {
      if (last !== undefined) msg.setProperty(`query.param.${last}`, `${String(msg.getProperty(`query.param.${last}`))}&${decode(seg)}`);
      continue;
    }
    last = decode(seg.slice(0, eq));
    msg.setProperty(`query.param.${last}`, decode(seg.slice(eq + 1)));
  }
}

/**
 * The refused API whose context (with or without its version) a request path falls under, the longest
 * context first, as the dispatcher would have chosen among them.
 */
function refusedApiOf(refused: Iterable<RefusedArtifact>, url: string): RefusedArtifact | undefined {
  const path = url.split('?')[0];
  const under = (context: string) => path === context || path.startsWith(context.endsWith('/') ? context : `${context}/`);
  let best: RefusedArtifact | undefined;
  for (const r of refused) {
    if (r.kind !== 'api' || !r.context) continue;
    const contexts = r.version ? [r.context, `${r.context}/${r.version}`, r.context.replace('{version}', r.version)] : [r.context];
    if (contexts.some(under) && (!best || r.context.length > best.context!.length)) best = r;
  }
  return best;
}
