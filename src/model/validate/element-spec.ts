/**
 * How the Synapse language is written down as data: an element's attributes (type, allowed values,
 * whether required) and the children it may hold, with the small helpers the specs share. The artifact
 * specs (schema.ts) and each mediator's (src/model/mediators/) are written with them.
 */

export type AttrType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  /** XPath 1.0, `json-eval(<jsonpath>)` or an MI 4.4 `${...}` expression. */
  | 'expression'
  /** Text, or `{expression}` (template parameters, throwError's errorMessage). */
  | 'param-value'
  /** A Java regular expression. */
  | 'regex'
  /** An RFC 6570 URI template (endpoints) or a resource template (APIs). */
  | 'uri-template'
  /** An artifact or registry key; `ref` says which. */
  | 'key'
  /** Space-separated HTTP methods. */
  | 'methods';

/** What a key attribute names. `registry` keys are gov:/conf: paths or local entries. */
export type RefKind = 'endpoint' | 'sequence' | 'messageStore' | 'template' | 'registry';

export interface AttrSpec {
  type: AttrType;
  doc: string;
  required?: boolean;
  values?: readonly string[];
  /** Values a pre-release MI took, with the released value that replaced each (an error names it). */
  renamed?: Readonly<Record<string, string>>;
  ref?: RefKind;
  default?: string;
}

export interface ElementSpec {
  /** Local name of the element. */
  name: string;
  doc: string;
  attrs: Readonly<Record<string, AttrSpec>>;
  /** Child local name → element id. */
  children?: Readonly<Record<string, string>>;
  /** The element holds a list of mediators (besides `children`). */
  mediators?: boolean;
  /** The content is free (inline XML, text, or a mediator Conduit does not model): not checked. */
  free?: boolean;
  /** Child elements that must be present. */
  requiredChildren?: readonly string[];
}

export const description: AttrSpec = { type: 'string', doc: 'A description shown in tooling; no effect at run time.' };
export const enableDisable = ['enable', 'disable'] as const;
export const statistics: AttrSpec = { type: 'enum', values: enableDisable, doc: 'Collect mediation statistics for this artifact.' };
export const trace: AttrSpec = { type: 'enum', values: enableDisable, doc: 'Trace messages through this artifact.' };
export const expression = (doc: string, required = false): AttrSpec => ({ type: 'expression', doc, required });
export const key = (ref: RefKind, doc: string, required = false): AttrSpec => ({ type: 'key', ref, doc, required });

export const PROPERTY_TYPES = ['STRING', 'INTEGER', 'BOOLEAN', 'DOUBLE', 'FLOAT', 'LONG', 'SHORT', 'OM', 'JSON'] as const;
export const PROPERTY_SCOPES = ['default', 'transport', 'axis2', 'axis2-client', 'operation', 'registry', 'system', 'analytics', 'trace', 'env', 'file'] as const;
export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'] as const;

export const qosChildren = {
  timeout: 'ep.timeout',
  markForSuspension: 'ep.markForSuspension',
  suspendOnFailure: 'ep.suspendOnFailure',
  authentication: 'ep.authentication',
  enableAddressing: 'ep.qos',
  enableSec: 'ep.qos',
  enableRM: 'ep.qos',
  retryConfig: 'ep.free',
} as const;

export const endpointChildren = {
  http: 'ep.http',
  address: 'ep.address',
  wsdl: 'ep.wsdl',
  default: 'ep.default',
  loadbalance: 'ep.group',
  failover: 'ep.group',
  recipientlist: 'ep.group',
  property: 'ep.property',
  parameter: 'ep.free',
  description: 'text',
} as const;

export const endpointAttrs = {
  key: key('endpoint', 'Uses the endpoint artifact with this name instead of an inline definition.'),
  'key-expression': expression('An expression whose value names the endpoint to use.'),
  template: key('template', 'An endpoint template to instantiate.'),
  uri: { type: 'string', doc: 'The address passed to an endpoint template.' },
} satisfies Record<string, AttrSpec>;
