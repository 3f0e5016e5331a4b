/**
 * Reads a `<proxy>` artifact the way Synapse's ProxyServiceFactory does: its target (in-, out- and fault
 * sequence, named or inline, and the target endpoint), `transports`, `startOnLoad` and `publishWSDL`.
 * The validator reports the problems found here and the runtime serves the definition, so what one
 * accepts the other runs.
 */
import { problem, type ErrorCode, type Problem, type Severity } from './errors';
import type { Artifact } from './types';
import { parameterValue, proxyView, type SequenceSlot } from './views';
import { attrNode, child, elements, type Range, type XmlElement } from './xml';

const WSDL11_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL20_NS = 'http://www.w3.org/ns/wsdl';

/** Where `?wsdl` finds the proxy's WSDL: inline in `<publishWSDL>`, a registry key, or a URL Conduit does not fetch. */
export type ProxyWsdl = { kind: 'inline'; element: XmlElement } | { kind: 'key'; key: string } | { kind: 'remote'; location: string };

export interface ProxyDefinition {
  name: string;
  /** False for `startOnLoad="false"`: deployed, but not serving until started. */
  startOnLoad: boolean;
  /** The transports as written; empty when absent or `all`, which means every transport. */
  transports: string[];
  /** True when the proxy takes messages over HTTP: its transports allow http or https, and it is not `inbound.only`. */
  servedOverHttp: boolean;
  inSequence?: SequenceSlot;
  outSequence?: SequenceSlot;
  faultSequence?: SequenceSlot;
  /** The target endpoint: a named endpoint, or the inline `<endpoint>` (the attribute wins, as in Synapse). */
  endpointKey?: string;
  endpoint?: XmlElement;
  wsdl?: ProxyWsdl;
}

export interface ProxyReading {
  /** Set when the runtime can deploy the proxy. */
  proxy?: ProxyDefinition;
  /** What the validator reports (a missing name is the schema's to report). */
  problems: Problem[];
  /** Why the runtime does not deploy the proxy: the first error. */
  refusal?: Problem;
}

export function readProxy(artifact: Artifact): ProxyReading {
  const root = artifact.element;
  const problems: Problem[] = [];
  let refusal: Problem | undefined;
  /** `refuses` marks what the runtime does not deploy even though the editor shows it as a warning. */
  const report = (code: ErrorCode, message: string, range: Range | undefined, severity?: Severity, refuses = false) => {
    const p = problem(code, message, { file: artifact.file, range: range ?? root.nameRange }, severity);
    problems.push(p);
    if (!refusal && (p.severity === 'error' || refuses)) refusal = p;
  };
  const view = proxyView(artifact);
  const name = view.name?.value ?? '';
  if (name === '') {
    return { problems, refusal: problem('CONDUIT_ARTIFACT_INVALID', `The 'name' attribute is required for a Proxy service definition`, { file: artifact.file, range: root.nameRange }) };
  }

  const target = view.target;
  if (!target) {
    report('CONDUIT_ARTIFACT_INVALID', `proxy ${name} has no <target>; MI refuses it: Target is required for a Proxy service definition`, root.nameRange);
  } else if (!target.inSequence && !target.endpointKey && !target.endpoint) {
    report('CONDUIT_ARTIFACT_INVALID', `the target of proxy ${name} has neither an inSequence nor an endpoint; MI refuses it: Target of the proxy service must declare either an inSequence or endpoint or both`, target.element.nameRange);
  }

  const transportsAttr = attrNode(root, 'transports');
  const transports = view.transports.length === 1 && view.transports[0] === 'all' ? [] : view.transports;
  const overHttp = transports.length === 0 || transports.some((t) => t === 'http' || t === 'https');
  if (!overHttp) {
    report('CONDUIT_UNSUPPORTED', `proxy ${name} takes messages over ${transports.join(', ')} only; Conduit serves proxies over HTTP, so it deploys this one without serving it`, transportsAttr?.valueRange, 'warning');
  }
  const inboundOnly = parameterValue(view.parameters, 'inbound.only')?.trim().toLowerCase() === 'true';

  const enableSec = child(root, 'enableSec');
  if (enableSec) {
    report('CONDUIT_UNSUPPORTED', `proxy ${name} enables WS-Security, which Conduit does not apply; it does not serve the proxy without its security`, enableSec.nameRange, undefined, true);
  }

  const wsdl = readWsdl(root, name, report);
  if (refusal || !target) return { problems, refusal };
  const startOnLoad = attrNode(root, 'startOnLoad')?.value.trim();
  return {
    problems,
    proxy: {
      name,
      startOnLoad: startOnLoad === undefined || startOnLoad.toLowerCase() === 'true',
      transports,
      servedOverHttp: overHttp && !inboundOnly,
      inSequence: target.inSequence,
      outSequence: target.outSequence,
      faultSequence: target.faultSequence,
      endpointKey: target.endpointKey?.value,
      endpoint: target.endpointKey ? undefined : target.endpoint,
      wsdl,
    },
  };
}

/** `<publishWSDL>` as ProxyServiceFactory reads it: `endpoint`, then `key`, then `uri`, then inline WSDL 1.1 or 2.0. */
function readWsdl(root: XmlElement, name: string, report: (code: ErrorCode, message: string, range: Range | undefined, severity: Severity) => void): ProxyWsdl | undefined {
  const el = child(root, 'publishWSDL');
  if (!el) return undefined;
  const endpoint = attrNode(el, 'endpoint');
  const key = attrNode(el, 'key');
  const uri = attrNode(el, 'uri');
  if (endpoint || (!key && uri)) {
    const a = (endpoint ?? uri)!;
    report('CONDUIT_UNSUPPORTED', `proxy ${name} publishes a WSDL fetched from '${a.value}', which Conduit does not fetch: ?wsdl answers 501 (the proxy itself runs)`, a.valueRange, 'warning');
    return { kind: 'remote', location: a.value };
  }
  if (key) return { kind: 'key', key: key.value.trim() };
  const inline = elements(el).find((c) => (c.local === 'definitions' && c.ns === WSDL11_NS) || (c.local === 'description' && c.ns === WSDL20_NS));
  return inline ? { kind: 'inline', element: inline } : undefined;
}
