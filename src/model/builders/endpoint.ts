/** Builds an endpoint: an HTTP endpoint (URI template + method) or an address endpoint. */
import { el, type XmlElement } from '../xml';
import { checkName, checkUrl } from './fields';
import { synapseRoot } from './synapse-element';

export type EndpointType = 'http' | 'address';

export interface EndpointState {
  name: string;
  type: EndpointType;
  /** The URI template (http) or the address (address). */
  uri: string;
  /** HTTP endpoints only; omitted means the incoming request's method is reused. */
  method?: string;
}

export const ENDPOINT_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'] as const;

/** The suspension defaults Integration Studio writes, so a failing back end is retried after 30 s. */
function qos(): XmlElement[] {
  return [
    el('suspendOnFailure', {}, [el('initialDuration', {}, ['-1']), el('progressionFactor', {}, ['1.0'])]),
    el('markForSuspension', {}, [el('retriesBeforeSuspension', {}, ['0'])]),
  ];
}

export function buildEndpoint(state: EndpointState): XmlElement {
  const problem = checkName(state.name) ?? (state.uri === '' ? 'a URI is required' : checkUrl(state.uri));
  if (problem) throw new Error(`endpoint: ${problem}`);
  const method = state.method?.toLowerCase() || undefined;
  if (method && !(ENDPOINT_METHODS as readonly string[]).includes(method)) throw new Error(`endpoint: ${method} is not an HTTP method`);
  const body =
    state.type === 'http'
      ? el('http', { method, 'uri-template': state.uri }, qos())
      : el('address', { uri: state.uri }, qos());
  return synapseRoot('endpoint', { name: state.name }, [body]);
}
