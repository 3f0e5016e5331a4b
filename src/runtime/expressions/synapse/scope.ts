/**
 * What a Synapse expression can read, as an interface, so the evaluator is testable without a
 * message and the language server could evaluate against sample data. scopeFromMessage adapts a
 * MessageContext.
 */
import { ConduitError } from '../../../model/errors';
import type { MessageContext } from '../../message';
import { payloadJson } from '../payload-json';
import { functionParam } from '../scopes';

export interface SynapseScope {
  /** The body as JSON (XML bodies already converted); undefined when there is no body. */
  payload(): unknown;
  /** undefined when the variable is not set. */
  variable(name: string): unknown;
  /** Transport header, name matched case-insensitively. */
  header(name: string): string | undefined;
  property(scope: 'synapse' | 'axis2', name: string): unknown;
  queryParam(name: string): string | undefined;
  pathParam(name: string): string | undefined;
  functionParam(name: string): unknown;
  /** An injected configuration parameter (`configs.x`). */
  config(name: string): string | undefined;
  /** `xpath('expr'[, 'variable'])`; the string value of the XPath result. */
  xpath?(expr: string, variable?: string): string;
  /** `registry('gov:/path')`: the resource's content (JSON parsed, else text), undefined when absent. */
  registry?(key: string): unknown;
  /** `registry('gov:/path').property('name')`. */
  registryProperty?(key: string, name: string): string | undefined;
  /** Vault lookups (`wso2-vault`, `hashicorp-vault`). */
  secret?(vault: 'wso2' | 'hashicorp', args: string[]): string;
  /** Epoch milliseconds for now(); Date.now() when absent. */
  now?(): number;
  /** Receives `Error evaluating expression: <e> cause : <msg>` when an evaluation fails. */
  warn(message: string): void;
}

export interface MessageScopeOptions {
  warn?: (message: string) => void;
  /** Converts an XML body (the text of the body's first element) to JSON as MI does (1.4 of the reference). */
  xmlToJson?: (xml: string) => unknown;
  xpath?: SynapseScope['xpath'];
  config?: (name: string) => string | undefined;
  registry?: SynapseScope['registry'];
  registryProperty?: SynapseScope['registryProperty'];
  secret?: SynapseScope['secret'];
}

function text(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * A scope over a message: payload through payloadJson (number lexemes kept), variables from
 * msg.variables, headers from msg.transportHeaders, props from msg.properties and msg.axis2, query
 * parameters from the `query.param.<name>` properties and path parameters from `uri.var.<name>`.
 * Function parameters are those of the innermost running sequence template (`msg.functionStack`).
 */
export function scopeFromMessage(msg: MessageContext, options: MessageScopeOptions = {}): SynapseScope {
  return {
    payload() {
      if (msg.payload.kind === 'json') return payloadJson(msg);
      if (msg.payload.kind === 'none') return undefined;
      if (msg.payload.kind === 'xml' && options.xmlToJson) return options.xmlToJson(msg.payload.text);
      throw new ConduitError('CONDUIT_EXPRESSION_FAILED', `the payload is ${msg.payload.kind}, not JSON`);
    },
    variable: (name) => msg.variables.get(name),
    header: (name) => msg.transportHeaders.get(name),
    property: (scope, name) => (scope === 'axis2' ? msg.axis2 : msg.properties).get(name),
    queryParam: (name) => text(msg.properties.get(`query.param.${name}`)),
    pathParam: (name) => text(msg.properties.get(`uri.var.${name}`)),
    functionParam: (name) => functionParam(msg, name),
    config: (name) => options.config?.(name),
    xpath: options.xpath,
    registry: options.registry,
    registryProperty: options.registryProperty,
    secret: options.secret,
    warn: options.warn ?? (() => {}),
  };
}
