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

/** What a new endpoint starts as: the New Endpoint wizard's first answers, and the quick fix's endpoint. */
export const NEW_ENDPOINT = { type: 'http', uri: 'http://localhost:9090/', method: 'post' } as const satisfies Omit<EndpointState, 'name'>;

/** The suspension defaults Integration Studio writes, so a failing back end is retried after 30 s. */
function qos(): XmlElement[] {
  return [
    el('suspendOnFailure', {}, [el('initialDuration', {}, ['-1']), el('progressionFactor', {}, ['1.0'])]),
    el('markForSuspension', {}, [el('retriesBeforeSuspension', {}, ['0'])]),
  ];
}

/**
 * The `<http>` or `<address>` element of an endpoint, with the suspension defaults. Endpoint templates
 * wrap the same element, so a template and a plain endpoint behave alike on failure.
 */
export function endpointDefinition(type: EndpointType, uri: string, method?: string): XmlElement {
  const m = method?.toLowerCase() || undefined;
  if (m && !(ENDPOINT_METHODS as readonly string[]).includes(m)) throw new Error(`endpoint: ${m} is not an HTTP method`);
  return type === 'http' ? el('http', { method: m, 'uri-template': uri }, qos()) : el('address', { uri }, qos());
}

export function buildEndpoint(state: EndpointState): XmlElement {
  const problem = checkName(state.name) ?? (state.uri === '' ? 'a URI is required' : checkUrl(state.uri));
  if (problem) throw new Error(`endpoint: ${problem}`);
  return synapseRoot('endpoint', { name: state.name }, [endpointDefinition(state.type, state.uri, state.method)]);
}
