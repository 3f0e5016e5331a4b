/**
 * Reads an `<endpoint>` element (named artifact or inline) into an EndpointDefinition once, at
 * deploy time: `<http>` with uri-template and method, `<address>` with uri, or `<endpoint key>`.
 */
import { attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { deployError, whereOf } from '../deploy-error';
import { DEFAULT_SUSPENSION, type SuspensionConfig } from './suspension';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface EndpointDefinition {
  /** Name for logs; `anonymous` for inline endpoints. */
  name: string;
  kind: 'http' | 'address' | 'key';
  /** http: the uri-template; address: the uri; key: the referenced endpoint's name. */
  target: string;
  /** Upper-case HTTP method, or undefined to reuse the request's. */
  method?: string;
  /** address endpoints: `format` attribute (rest, pox, soap11, soap12, get). */
  format?: string;
  timeoutMs: number;
  /** `fault` (default here) or `discard`. */
  responseAction: 'fault' | 'discard' | 'never';
  suspension: SuspensionConfig;
  /** Literal `<property>` children with their scope. */
  properties: Array<{ name: string; value: string; scope: string }>;
  where: string;
}

function codes(text: string | undefined): number[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isFinite(n));
}

function num(el: XmlElement | undefined, name: string): number | undefined {
  const c = el && child(el, name);
  if (!c) return undefined;
  const n = Number(textOf(c).trim());
  return Number.isFinite(n) ? n : undefined;
}

/** Parses an `<endpoint>` element. Throws DeployError with the element's location on bad input. */
export function parseEndpointElement(el: XmlElement, file: string): EndpointDefinition {
  const name = attr(el, 'name') ?? 'anonymous';
  const where = whereOf(file, el);
  const key = attr(el, 'key');
  const base = {
    name,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    responseAction: 'fault' as const,
    suspension: DEFAULT_SUSPENSION,
    properties: [] as EndpointDefinition['properties'],
    where,
  };
  if (key !== undefined) return { ...base, kind: 'key', target: key };
  if (attr(el, 'key-expression') !== undefined)
    throw deployError('CONDUIT_ARTIFACT_INVALID', 'endpoints with key-expression are not supported by the Conduit runtime', file, el);

  const properties = elements(el, 'property').map((p) => ({
    name: attr(p, 'name') ?? '',
    value: attr(p, 'value') ?? '',
    scope: attr(p, 'scope') ?? 'default',
  }));
  const http = child(el, 'http');
  const address = child(el, 'address');
  const body = http ?? address;
  if (!body) {
    const other = elements(el)[0];
    const what = other ? `<${other.local}> endpoints are not supported by the Conduit runtime` : 'the endpoint has no <http> or <address> definition';
    throw deployError('CONDUIT_ARTIFACT_INVALID', what, file, other ?? el);
  }
  const target = http ? attr(http, 'uri-template') : attr(body, 'uri');
  if (!target) throw deployError('CONDUIT_ARTIFACT_INVALID', http ? '<http> needs a uri-template' : '<address> needs a uri', file, body);

  const timeout = child(body, 'timeout');
  const durationText = timeout && child(timeout, 'duration') ? textOf(child(timeout, 'duration')!).trim() : undefined;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (durationText) {
    const n = Number(durationText);
    if (!Number.isFinite(n) || n <= 0)
      throw deployError('CONDUIT_ARTIFACT_INVALID', `timeout duration "${durationText}" is not a positive number of milliseconds`, file, timeout);
    timeoutMs = n;
  }
  const actionText = timeout && child(timeout, 'responseAction') ? textOf(child(timeout, 'responseAction')!).trim() : 'fault';
  const responseAction = actionText === 'discard' ? 'discard' : actionText === 'never' ? 'never' : 'fault';

  const mark = child(body, 'markForSuspension');
  const suspend = child(body, 'suspendOnFailure');
  const suspension: SuspensionConfig = {
    timeoutCodes: codes(mark && child(mark, 'errorCodes') ? textOf(child(mark, 'errorCodes')!) : undefined) ?? DEFAULT_SUSPENSION.timeoutCodes,
    retriesBeforeSuspension: num(mark, 'retriesBeforeSuspension') ?? 0,
    retryDelay: num(mark, 'retryDelay') ?? 0,
    suspendCodes: codes(suspend && child(suspend, 'errorCodes') ? textOf(child(suspend, 'errorCodes')!) : undefined) ?? [],
    initialDuration: num(suspend, 'initialDuration') ?? -1,
    progressionFactor: num(suspend, 'progressionFactor') ?? 1,
    maximumDuration: num(suspend, 'maximumDuration') ?? Number.MAX_SAFE_INTEGER,
  };
  const method = attr(body, 'method');
  return {
    ...base,
    kind: http ? 'http' : 'address',
    target,
    method: method ? method.toUpperCase() : undefined,
    format: address ? attr(address, 'format') : undefined,
    timeoutMs,
    responseAction,
    suspension,
    properties,
  };
}
