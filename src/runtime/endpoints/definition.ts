/**
 * Reads an `<endpoint>` element (named artifact or inline) into an EndpointDefinition once, at
 * deploy time: `<http>` with uri-template and method, `<address>` with uri, `<endpoint key>`, or a
 * `<failover>` / `<loadbalance>` group of member endpoints. What the runtime cannot run is refused
 * through endpointIssues, the check the validator reports with.
 */
import { endpointDefinition, endpointIssues, memberWeight, WEIGHTED_ROUND_ROBIN } from '../../model/validate/endpoint-rules';
import { attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { deployError, whereOf } from '../deploy-error';
import { compileExpression, namespacesInScope, type Expression } from '../expressions/expression';
import { DEFAULT_SUSPENSION, type SuspensionConfig } from './suspension';

export const DEFAULT_TIMEOUT_MS = 60_000;

export type EndpointDefinition = LeafDefinition | KeyDefinition | ResolvingDefinition | GroupDefinition | TemplateRefDefinition;

interface Named {
  /** Name for logs; `anonymous` for inline endpoints. */
  name: string;
  /** `file:line:col` of the `<endpoint>` element. */
  where: string;
}

/** An `<http>` or `<address>` endpoint: one back end. */
export interface LeafDefinition extends Named {
  kind: 'http' | 'address';
  /** http: the uri-template; address: the uri. */
  target: string;
  /** Upper-case HTTP method, or undefined to reuse the request's. */
  method?: string;
  /** address endpoints: `format` attribute (rest, pox, soap11, soap12, get). */
  format?: string;
  timeoutMs: number;
  /** `fault` (default here) or `discard`. */
  responseAction: 'fault' | 'discard' | 'never';
  suspension: SuspensionConfig;
  /** `retryConfig`: whether a group may try its next member after this one failed with an error code. */
  retry: RetryConfig;
  /** Literal `<property>` children with their scope. */
  properties: Array<{ name: string; value: string; scope: string }>;
}

/** `<endpoint key="Name"/>`: the deployed endpoint of that name, looked up when a message is sent. */
export interface KeyDefinition extends Named {
  kind: 'key';
  target: string;
}

/** `<endpoint key-expression="expr"/>` (ResolvingEndpoint): the deployed endpoint the expression names, per message. */
export interface ResolvingDefinition extends Named {
  kind: 'resolving';
  expression: Expression;
}

/**
 * `<endpoint [name] template="T" [uri]><parameter name value/>*</endpoint>` (TemplateEndpointFactory):
 * the endpoint template T instantiated with these values; `name` and `uri` are parameters too.
 */
export interface TemplateRefDefinition extends Named {
  kind: 'template';
  template: string;
  parameters: ReadonlyMap<string, string>;
}

export interface GroupDefinition extends Named {
  kind: 'failover' | 'loadbalance';
  members: EndpointDefinition[];
  /** failover: `dynamic` (default true) goes back to the first member as soon as it is ready again. */
  dynamic: boolean;
  /** loadbalance: `failover` (default true) tries the next member when one fails. */
  failover: boolean;
  /** loadbalance with WeightedRoundRobin: each member's `loadbalance.weight` (default 1); else undefined. */
  weights?: number[];
}

/** Synapse's retryConfig: `disabledErrorCodes` never fail over; a non-empty `enabledErrorCodes` list is the only codes that do. */
export interface RetryConfig {
  disabled: number[];
  enabled: number[];
}

function codes(text: string | undefined): number[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isFinite(n));
}

function childText(el: XmlElement | undefined, local: string): string | undefined {
  const c = el && child(el, local);
  return c ? textOf(c).trim() : undefined;
}

function num(el: XmlElement | undefined, name: string): number | undefined {
  const text = childText(el, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses an `<endpoint>` element. Throws DeployError with the element's location on bad input. */
export function parseEndpointElement(el: XmlElement, file: string): EndpointDefinition {
  const name = attr(el, 'name') ?? 'anonymous';
  const where = whereOf(file, el);
  const key = attr(el, 'key');
  if (key !== undefined) return { name, where, kind: 'key', target: key };
  const keyExpression = attr(el, 'key-expression');
  if (keyExpression !== undefined) {
    try {
      return { name, where, kind: 'resolving', expression: compileExpression(keyExpression, namespacesInScope(el)) };
    } catch (err) {
      throw deployError('CONDUIT_EXPRESSION_INVALID', `key-expression ${keyExpression}: ${(err as Error).message}`, file, el);
    }
  }
  const template = attr(el, 'template');
  if (template !== undefined) return parseTemplateRef(el, template, name, where, file);
  const issue = endpointIssues(el)[0];
  if (issue) throw deployError(issue.code, issue.message, file, issue.at);

  const def = endpointDefinition(el);
  if (!def) throw deployError('CONDUIT_ARTIFACT_INVALID', 'the endpoint has no <http>, <address>, <failover> or <loadbalance> definition', file, el);
  if (def.local === 'failover' || def.local === 'loadbalance') {
    const members = elements(def, 'endpoint');
    const weighted = def.local === 'loadbalance' && attr(def, 'algorithm')?.trim() === WEIGHTED_ROUND_ROBIN;
    return {
      name,
      where,
      kind: def.local,
      members: members.map((m) => parseEndpointElement(m, file)),
      dynamic: !isFalse(attr(def, 'dynamic')),
      failover: !isFalse(attr(def, 'failover')),
      weights: weighted ? members.map((m) => Number(memberWeight(m) ?? 1)) : undefined,
    };
  }
  return parseLeaf(el, def, name, where, file);
}

function parseTemplateRef(el: XmlElement, template: string, name: string, where: string, file: string): TemplateRefDefinition {
  const parameters = new Map<string, string>();
  for (const implicit of ['name', 'uri']) {
    const value = attr(el, implicit);
    if (value !== undefined) parameters.set(implicit, value);
  }
  for (const p of elements(el, 'parameter')) {
    const paramName = attr(p, 'name');
    const value = attr(p, 'value');
    if (paramName === undefined || value === undefined)
      throw deployError('CONDUIT_ARTIFACT_INVALID', `a <parameter> of a template endpoint needs a name and a value`, file, p);
    parameters.set(paramName, value);
  }
  return { name, where, kind: 'template', template, parameters };
}

/** Synapse's JavaUtils.isFalseExplicitly: only "false" (any case) turns a default-true switch off. */
function isFalse(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'false';
}

function parseLeaf(el: XmlElement, body: XmlElement, name: string, where: string, file: string): LeafDefinition {
  const properties = elements(el, 'property').map((p) => ({
    name: attr(p, 'name') ?? '',
    value: attr(p, 'value') ?? '',
    scope: attr(p, 'scope') ?? 'default',
  }));
  const http = body.local === 'http';
  const target = http ? attr(body, 'uri-template') : attr(body, 'uri');
  if (!target) throw deployError('CONDUIT_ARTIFACT_INVALID', http ? '<http> needs a uri-template' : '<address> needs a uri', file, body);
  const timeout = child(body, 'timeout');
  const durationText = childText(timeout, 'duration');
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (durationText) {
    const n = Number(durationText);
    if (!Number.isFinite(n) || n <= 0)
      throw deployError('CONDUIT_ARTIFACT_INVALID', `timeout duration "${durationText}" is not a positive number of milliseconds`, file, timeout);
    timeoutMs = n;
  }
  const actionText = childText(timeout, 'responseAction') ?? 'fault';
  const responseAction = actionText === 'discard' ? 'discard' : actionText === 'never' ? 'never' : 'fault';

  const mark = child(body, 'markForSuspension');
  const suspend = child(body, 'suspendOnFailure');
  const suspension: SuspensionConfig = {
    timeoutCodes: codes(childText(mark, 'errorCodes')) ?? DEFAULT_SUSPENSION.timeoutCodes,
    retriesBeforeSuspension: num(mark, 'retriesBeforeSuspension') ?? 0,
    retryDelay: num(mark, 'retryDelay') ?? 0,
    suspendCodes: codes(childText(suspend, 'errorCodes')) ?? [],
    initialDuration: num(suspend, 'initialDuration') ?? -1,
    progressionFactor: num(suspend, 'progressionFactor') ?? 1,
    maximumDuration: num(suspend, 'maximumDuration') ?? Number.MAX_SAFE_INTEGER,
  };
  const retryConfig = child(body, 'retryConfig');
  const method = attr(body, 'method');
  return {
    name,
    where,
    kind: http ? 'http' : 'address',
    target,
    method: method ? method.toUpperCase() : undefined,
    format: http ? undefined : attr(body, 'format'),
    timeoutMs,
    responseAction,
    suspension,
    retry: { disabled: codes(childText(retryConfig, 'disabledErrorCodes')) ?? [], enabled: codes(childText(retryConfig, 'enabledErrorCodes')) ?? [] },
    properties,
  };
}
