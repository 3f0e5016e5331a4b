/**
 * A deployed proxy service, served at `/services/<name>` as Axis2's RequestURIBasedDispatcher finds it,
 * and its request flow as Synapse's ProxyServiceMessageReceiver runs it: the inSequence, then, when the
 * inSequence let the message through, the target endpoint, whose answer goes through the outSequence
 * (or straight back to the client).
 */
import type { ProxyDefinition, ProxyWsdl } from '../model/proxy-definition';
import type { XmlElement } from '../model/xml';
import { compileSlot, type SequenceRef } from './api';
import { MediationFault } from './fault';
import { decode } from './http/uri-template-match';
import { sendAndMediateResponse } from './mediators/send';
import { defineMediator, type CompiledSequence, type CompiledStep, type EndpointRef, type MediatorModule, type ParseContext } from './mediators/types';

export interface CompiledProxy {
  name: string;
  file: string;
  startOnLoad: boolean;
  servedOverHttp: boolean;
  transports: string[];
  inSequence?: SequenceRef;
  outSequence?: SequenceRef;
  faultSequence?: SequenceRef;
  endpoint?: EndpointRef;
  wsdl?: ProxyWsdl;
  /** `file:line:col` of the proxy's `<target>`. */
  where: string;
}

export function compileProxy(def: ProxyDefinition, file: string, target: XmlElement, ctx: ParseContext): CompiledProxy {
  return {
    name: def.name,
    file,
    startOnLoad: def.startOnLoad,
    servedOverHttp: def.servedOverHttp,
    transports: def.transports,
    inSequence: compileSlot(def.inSequence, ctx),
    outSequence: compileSlot(def.outSequence, ctx),
    faultSequence: compileSlot(def.faultSequence, ctx),
    endpoint: def.endpointKey !== undefined ? { key: def.endpointKey, where: ctx.where(target) } : def.endpoint ? ctx.parseEndpoint(def.endpoint) : undefined,
    wsdl: def.wsdl,
    where: ctx.where(target),
  };
}

/** The Axis2 service path: proxies answer under `/services/`. */
const SERVICES = '/services/';

/**
 * The service segment of `/services/<service>[/...][?...]` and the rest of the URL as the passthrough
 * transport's getRestUrlPostfix computes REST_URL_POSTFIX (`/services/P/a?x=1` gives `/a?x=1`).
 */
export function servicePath(url: string): { service: string; postfix: string } | undefined {
  if (!url.startsWith(SERVICES)) return undefined;
  const rest = url.slice(SERVICES.length);
  const end = rest.search(/[/?]/);
  const service = end < 0 ? rest : rest.slice(0, end);
  if (service === '') return undefined;
  return { service: decode(service), postfix: end < 0 ? '' : rest.slice(end) };
}

/** `?wsdl` (or `?WSDL`) as the whole query, as Axis2's HTTP GET handling asks for a service's WSDL. */
export function isWsdlRequest(method: string, url: string): boolean {
  const q = url.indexOf('?');
  return method === 'GET' && q >= 0 && url.slice(q + 1).toLowerCase() === 'wsdl';
}

/**
 * The proxy a service segment names: the proxy of that name, else the one whose Axis2 endpoint it
 * names (`P.PHttpSoap11Endpoint`, `P.PHttpsEndpoint`, ...), as AxisConfiguration.getService looks in
 * its endpoint map after its service map.
 */
export function findProxy(proxies: ReadonlyMap<string, CompiledProxy>, service: string): CompiledProxy | undefined {
  const direct = proxies.get(service);
  if (direct) return direct;
  const dot = service.lastIndexOf('.');
  if (dot < 0) return undefined;
  const proxy = proxies.get(service.slice(0, dot));
  if (!proxy) return undefined;
  const endpoint = service.slice(dot + 1);
  return endpoint.startsWith(proxy.name) && /^Https?(Soap11|Soap12)?Endpoint$/.test(endpoint.slice(proxy.name.length)) ? proxy : undefined;
}

/** A sequence that faults as Synapse does when a proxy names a sequence that is not deployed. */
export function missingSequence(message: string, where: string): CompiledSequence {
  return { steps: [{ module: FAIL as MediatorModule<unknown>, config: message, where }] };
}

const FAIL = defineMediator<string>({
  name: 'proxy',
  parse: () => '',
  mediate(message) {
    throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', message);
  },
});

/** Runs the inSequence; its result says whether the message goes on to the target endpoint. */
const IN_SEQUENCE = defineMediator<CompiledSequence>({
  name: 'proxy',
  parse: () => ({ steps: [] }),
  mediate: (seq, msg, env) => env.run(seq, msg),
});

const TARGET_ENDPOINT = defineMediator<EndpointRef>({
  name: 'proxy',
  parse: () => ({ where: '' }),
  async mediate(endpoint, msg, env) {
    await sendAndMediateResponse(endpoint, msg, env);
    return false;
  },
});

/** The top-level sequence of one request: the inSequence, then the target endpoint when it has one. */
export function proxyInFlow(proxy: CompiledProxy, inSequence: CompiledSequence | undefined): CompiledSequence {
  const steps: CompiledStep[] = [];
  if (inSequence) steps.push({ module: IN_SEQUENCE as MediatorModule<unknown>, config: inSequence, where: proxy.where });
  if (proxy.endpoint) steps.push({ module: TARGET_ENDPOINT as MediatorModule<unknown>, config: proxy.endpoint, where: proxy.where });
  return { name: proxy.name, steps };
}
