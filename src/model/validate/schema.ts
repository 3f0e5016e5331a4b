/**
 * The Synapse language Conduit supports, written as data: per element its attributes (type, allowed
 * values, whether required) and the children it may hold. Validation checks artifacts against it and
 * the language server reads it for completion and hover, so the two never disagree.
 *
 * Elements are keyed by an id because the same tag means different things in different places
 * (`<property>` in a log mediator is not the property mediator; `<endpoint>` as an artifact needs a
 * name, inside `<call>` it does not).
 */

import { unknownOperationMessage } from '../catalog/connectors';
import { MEDIATOR_LANGUAGES } from '../mediators';
import {
  description,
  endpointAttrs,
  endpointChildren,
  expression,
  HTTP_METHODS,
  PROPERTY_SCOPES,
  key,
  qosChildren,
  statistics,
  trace,
  type ElementSpec,
} from './element-spec';

export type { AttrSpec, AttrType, ElementSpec, RefKind } from './element-spec';

/** Every element Conduit checks, by id. */
const ARTIFACT_ELEMENTS: Readonly<Record<string, ElementSpec>> = {
  text: { name: '*', doc: 'Text content.', attrs: {}, free: true },

  // -------------------------------------------------------------------------------------------
  // Artifacts
  api: {
    name: 'api',
    doc: 'A REST API: requests under `context` are dispatched to its resources.',
    attrs: {
      name: { type: 'string', required: true, doc: 'The API name, unique in the project.' },
      context: { type: 'string', required: true, doc: 'The URL path the API serves, starting with `/` (e.g. `/healthcare`).' },
      version: { type: 'string', doc: 'The API version; needs `version-type`.' },
      'version-type': { type: 'enum', values: ['context', 'url'], doc: '`context`: `{version}` in the context is replaced by the version; `url`: the version is the first path segment after the context.' },
      hostname: { type: 'string', doc: 'Serve only requests for this host.' },
      port: { type: 'integer', doc: 'Serve only requests on this port.' },
      transports: { type: 'string', doc: 'Space-separated transports (`http`, `https`).' },
      publishSwagger: { type: 'string', doc: 'Registry key of a Swagger/OpenAPI definition to publish.' },
      statistics,
      trace,
      description,
    },
    children: { resource: 'resource', handlers: 'api.handlers', description: 'text' },
    requiredChildren: ['resource'],
  },
  resource: {
    name: 'resource',
    doc: 'One operation of an API: the methods and URL pattern it accepts and the sequences that handle it.',
    attrs: {
      methods: { type: 'methods', doc: 'Space-separated HTTP methods (GET POST PUT DELETE PATCH HEAD OPTIONS); all when absent.' },
      'uri-template': { type: 'uri-template', doc: 'A URI template such as `/categories/{category}/reserve`; each `{var}` becomes property `uri.var.<var>`.' },
      'url-mapping': { type: 'string', doc: 'An exact (`/foo`), prefix (`/foo/*`) or extension (`*.ext`) mapping; wins over `uri-template`.' },
      protocol: { type: 'enum', values: ['http', 'https'], doc: 'Accept only this protocol.' },
      'content-type': { type: 'string', doc: 'Accept only requests with exactly this Content-Type.' },
      'user-agent': { type: 'regex', doc: 'Accept only user agents matching this regular expression.' },
      inSequence: key('sequence', 'Sequence that handles the request (instead of an inline `<inSequence>`).'),
      outSequence: key('sequence', 'Sequence that handles the response (instead of an inline `<outSequence>`).'),
      faultSequence: key('sequence', 'Sequence that handles errors (instead of an inline `<faultSequence>`).'),
      description,
    },
    children: { inSequence: 'flow', outSequence: 'flow', faultSequence: 'flow', description: 'text' },
  },
  flow: { name: 'inSequence', doc: 'An inline sequence: its mediators run in order.', attrs: {}, mediators: true },
  'api.handlers': { name: 'handlers', doc: 'API handlers (Java classes run around each request).', attrs: {}, children: { handler: 'api.handler' } },
  'api.handler': { name: 'handler', doc: 'A Java API handler.', attrs: { class: { type: 'string', required: true, doc: 'The handler class.' } }, free: true },

  'endpoint.artifact': {
    name: 'endpoint',
    doc: 'A named endpoint: where `call` and `send` deliver messages.',
    attrs: {
      name: { type: 'string', required: true, doc: 'The endpoint name, used as `<endpoint key="...">`.' },
      ...endpointAttrs,
      statistics,
      trace,
      onFault: key('sequence', 'Sequence run when the endpoint fails.'),
      description,
    },
    children: endpointChildren,
  },
  endpoint: {
    name: 'endpoint',
    doc: 'The endpoint to deliver to: `key` names an endpoint artifact, or the definition is inline.',
    attrs: { name: { type: 'string', doc: 'A name for an inline endpoint.' }, ...endpointAttrs, description },
    children: endpointChildren,
  },
  'ep.http': {
    name: 'http',
    doc: 'An HTTP endpoint: a URI template expanded with `uri.var.*` and `query.param.*` properties.',
    attrs: {
      'uri-template': { type: 'uri-template', required: true, doc: 'An RFC 6570 URI template, e.g. `http://localhost:9090/{uri.var.hospital}/categories`.' },
      method: { type: 'enum', values: HTTP_METHODS, doc: 'The HTTP method; the incoming method is reused when absent.' },
      statistics,
      trace,
    },
    children: qosChildren,
  },
  'ep.address': {
    name: 'address',
    doc: 'An address endpoint: a fixed URL.',
    attrs: {
      uri: { type: 'string', required: true, doc: 'The URL to send to.' },
      format: { type: 'enum', values: ['soap11', 'soap12', 'pox', 'rest', 'get', 'form', 'json'], doc: 'The message format to send.' },
      optimize: { type: 'enum', values: ['mtom', 'swa', 'leave-as-is'], doc: 'Attachment optimization.' },
      encoding: { type: 'string', doc: 'Character encoding.' },
      statistics,
      trace,
    },
    children: qosChildren,
  },
  'ep.wsdl': {
    name: 'wsdl',
    doc: 'A WSDL endpoint: the address comes from a WSDL port.',
    attrs: { uri: { type: 'string', doc: 'WSDL location.' }, service: { type: 'string', required: true, doc: 'WSDL service.' }, port: { type: 'string', required: true, doc: 'WSDL port.' }, format: { type: 'string', doc: 'Message format.' }, optimize: { type: 'string', doc: 'Attachment optimization.' }, statistics, trace },
    children: { ...qosChildren, definition: 'ep.free' },
  },
  'ep.default': {
    name: 'default',
    doc: "A default endpoint: sends to the message's `To` address.",
    attrs: { format: { type: 'enum', values: ['soap11', 'soap12', 'pox', 'rest', 'get', 'form', 'json'], doc: 'The message format to send.' }, optimize: { type: 'string', doc: 'Attachment optimization.' }, encoding: { type: 'string', doc: 'Character encoding.' }, statistics, trace },
    children: qosChildren,
  },
  'ep.group': {
    name: 'loadbalance',
    doc: 'A group of endpoints (load balance, failover or recipient list).',
    attrs: { algorithm: { type: 'string', doc: 'Load-balancing algorithm class.' }, failover: { type: 'boolean', doc: 'Fail over to the next endpoint.' }, policy: { type: 'string', doc: 'Session policy.' }, dynamic: { type: 'boolean', doc: 'Dynamic failover.' }, buildMessage: { type: 'boolean', doc: 'Build the message before failing over.' } },
    children: { endpoint: 'endpoint', member: 'ep.free', session: 'ep.free' },
  },
  'ep.property': {
    name: 'property',
    doc: 'A property set on the message when it goes through the endpoint; `uri.var.*` properties feed the URI template.',
    attrs: { name: { type: 'string', required: true, doc: 'Property name.' }, value: { type: 'string', doc: 'Literal value.' }, expression: expression('Expression giving the value.'), scope: { type: 'enum', values: PROPERTY_SCOPES, doc: 'Property scope.' } },
    free: true,
  },
  'ep.timeout': {
    name: 'timeout',
    doc: 'How long to wait for a response, and what to do when it does not come.',
    attrs: {},
    children: { duration: 'text', responseAction: 'text' },
  },
  'ep.markForSuspension': {
    name: 'markForSuspension',
    doc: 'Errors that put the endpoint in the timeout state, and how many retries come before suspension.',
    attrs: {},
    children: { errorCodes: 'text', retriesBeforeSuspension: 'text', retryDelay: 'text' },
  },
  'ep.suspendOnFailure': {
    name: 'suspendOnFailure',
    doc: 'Errors that suspend the endpoint, and for how long (`-1` means the default 30 s).',
    attrs: {},
    children: { errorCodes: 'text', initialDuration: 'text', progressionFactor: 'text', maximumDuration: 'text' },
  },
  'ep.authentication': { name: 'authentication', doc: 'Basic or OAuth authentication for the back end.', attrs: {}, free: true },
  'ep.qos': { name: 'enableSec', doc: 'WS-* quality of service.', attrs: { policy: { type: 'string', doc: 'Policy key.' }, inboundPolicy: { type: 'string', doc: 'Inbound policy key.' }, outboundPolicy: { type: 'string', doc: 'Outbound policy key.' }, separateListener: { type: 'boolean', doc: 'Use a separate listener.' }, version: { type: 'string', doc: 'Version.' } }, free: true },
  'ep.free': { name: '*', doc: 'Endpoint configuration.', attrs: {}, free: true },

  'sequence.artifact': {
    name: 'sequence',
    doc: 'A named sequence: a list of mediators run in order, referenced as `<sequence key="..."/>`.',
    attrs: {
      name: { type: 'string', required: true, doc: 'The sequence name.' },
      onError: key('sequence', 'Sequence run when a mediator of this sequence fails.'),
      statistics,
      trace,
      description,
    },
    mediators: true,
    children: { description: 'text' },
  },
  messageStore: {
    name: 'messageStore',
    doc: 'A message store: the `store` mediator puts messages in it and message processors take them out.',
    attrs: {
      name: { type: 'string', required: true, doc: 'The store name, used by `store messageStore` and processors.' },
      class: { type: 'string', doc: 'The store implementation; an in-memory store when absent.' },
      description,
    },
    children: { parameter: 'parameter', description: 'text' },
  },
  messageProcessor: {
    name: 'messageProcessor',
    doc: 'A message processor: takes messages from a store and hands them to a sequence or an endpoint.',
    attrs: {
      name: { type: 'string', required: true, doc: 'The processor name.' },
      class: { type: 'string', required: true, doc: 'The processor implementation (sampling, scheduled forwarding or failover forwarding).' },
      messageStore: key('messageStore', 'The store to take messages from.', true),
      targetEndpoint: key('endpoint', 'The endpoint a forwarding processor delivers to.'),
      statistics,
      trace,
      description,
    },
    children: { parameter: 'parameter', description: 'text' },
  },
  parameter: {
    name: 'parameter',
    doc: 'A named parameter; the value is the text, or comes from `expression` or `key`.',
    attrs: { name: { type: 'string', required: true, doc: 'Parameter name.' }, expression: expression('Expression giving the value.'), key: { type: 'string', doc: 'Registry or local-entry key giving the value.' }, value: { type: 'string', doc: 'Literal value.' } },
    free: true,
  },
  localEntry: {
    name: 'localEntry',
    doc: 'A local entry: a named XML fragment, text or URL available as a registry key.',
    attrs: { key: { type: 'string', required: true, doc: 'The entry key.' }, src: { type: 'string', doc: 'A URL to read the value from.' }, description },
    free: true,
  },
  proxy: {
    name: 'proxy',
    doc: 'A proxy service.',
    attrs: {
      name: { type: 'string', required: true, doc: 'The service name.' },
      transports: { type: 'string', doc: 'Space-separated transports.' },
      startOnLoad: { type: 'boolean', doc: 'Start the service when deployed.' },
      pinnedServers: { type: 'string', doc: 'Servers the service runs on.' },
      serviceGroup: { type: 'string', doc: 'Axis2 service group.' },
      statistics,
      trace,
      description,
    },
    children: { target: 'proxy.target', publishWSDL: 'ep.free', parameter: 'parameter', policy: 'ep.free', enableSec: 'ep.free', enableAddressing: 'ep.free', enableRM: 'ep.free', description: 'text', resource: 'ep.free' },
  },
  'proxy.target': {
    name: 'target',
    doc: 'Where a proxy sends its messages.',
    attrs: { inSequence: key('sequence', 'Request sequence.'), outSequence: key('sequence', 'Response sequence.'), faultSequence: key('sequence', 'Fault sequence.'), endpoint: key('endpoint', 'Target endpoint.') },
    children: { inSequence: 'flow', outSequence: 'flow', faultSequence: 'flow', endpoint: 'endpoint' },
  },
  template: {
    name: 'template',
    doc: 'A sequence or endpoint template with parameters.',
    attrs: { name: { type: 'string', required: true, doc: 'The template name.' }, onError: key('sequence', 'Fault sequence.'), description },
    children: { parameter: 'template.parameter', sequence: 'template.sequence', endpoint: 'ep.free', description: 'text' },
  },
  'template.parameter': {
    name: 'parameter',
    doc: 'A template parameter, read inside the template as `$func:name`.',
    attrs: { name: { type: 'string', required: true, doc: 'Parameter name.' }, isMandatory: { type: 'boolean', doc: 'The caller must supply it.' }, defaultValue: { type: 'string', doc: 'Value when the caller does not supply one.' }, description },
    free: true,
  },
  'template.sequence': { name: 'sequence', doc: 'The body of a sequence template.', attrs: { onError: key('sequence', 'Fault sequence.'), statistics, trace }, mediators: true },
  inboundEndpoint: {
    name: 'inboundEndpoint',
    doc: 'An inbound endpoint: a listener or poller that injects messages into a sequence.',
    attrs: { name: { type: 'string', required: true, doc: 'The inbound endpoint name.' }, protocol: { type: 'string', doc: 'Built-in protocol (http, jms, file, ...).' }, class: { type: 'string', doc: 'Custom implementation class.' }, sequence: key('sequence', 'Sequence that receives the messages.'), onError: key('sequence', 'Fault sequence.'), suspend: { type: 'boolean', doc: 'Deploy suspended.' }, statistics, trace, description },
    free: true,
  },
  task: {
    name: 'task',
    doc: 'A scheduled task.',
    attrs: { name: { type: 'string', required: true, doc: 'The task name.' }, class: { type: 'string', required: true, doc: 'The task implementation: `org.apache.synapse.startup.tasks.MessageInjector` injects a message.' }, group: { type: 'string', doc: 'Task group (`synapse.simple.quartz`).' }, pinnedServers: { type: 'string', doc: 'Servers the task runs on.' }, description },
    children: { trigger: 'task.trigger', property: 'task.property', description: 'text' },
    // task-rules.ts reads the trigger and properties as MI does, including a <task:property> MI ignores
    free: true,
  },
  'task.trigger': {
    name: 'trigger',
    doc: 'When the task runs: `interval` (seconds) with an optional `count`, `once="true"`, or a Quartz `cron`. Without a trigger it runs once.',
    attrs: {
      interval: { type: 'string', doc: 'Seconds between runs (at least 1); the first run is at deployment.' },
      count: { type: 'string', doc: 'How many runs in all; -1 (the default) repeats for ever.' },
      once: { type: 'string', doc: '`true` runs the task once, at deployment.' },
      cron: { type: 'string', doc: 'A Quartz cron expression, seconds first (`0 30 1 * * ?`).' },
    },
  },
  'task.property': {
    name: 'property',
    doc: 'A MessageInjector property: `message` (inline XML), `injectTo` (sequence, proxy, main), `sequenceName`, `format`, `soapAction`, `to`, `registryKey`.',
    attrs: { name: { type: 'string', required: true, doc: 'The property name.' }, value: { type: 'string', doc: 'Its value (the `message` property holds inline XML instead).' } },
    free: true,
  },
};

/** Every element Conduit checks, by id: the artifacts' and each mediator's (src/model/mediators/). */
export const ELEMENTS: Readonly<Record<string, ElementSpec>> = Object.assign({}, ARTIFACT_ELEMENTS, ...MEDIATOR_LANGUAGES.map((m) => m.elements));

/**
 * Mediators Conduit checks, by element name, each with the id of its spec. `sequence` inside a mediator
 * list is a reference.
 */
export const MEDIATORS: Readonly<Record<string, string>> = Object.fromEntries(MEDIATOR_LANGUAGES.map((m) => [m.element, m.id]));

/**
 * Synapse mediators that are valid in a mediator list but whose content Conduit does not check.
 * Connector operations (`<email.send>`, `<http.post>`) are recognised by the dot in their name.
 */
export const OPAQUE_MEDIATORS: ReadonlySet<string> = new Set([
  'bam', 'bean', 'builder', 'class', 'conditionalRouter', 'dataServiceCall',
  'dblookup', 'dbreport', 'ejb', 'enqueue', 'entitlementService', 'event', 'fault',
  'jsontransform', 'ntlm', 'oauthService', 'pojoCommand', 'publishEvent', 'rewrite', 'router', 'rule', 'scatter-gather',
  'smooks', 'spring', 'transaction', 'xquery',
]);

/** Root element → element id, for each artifact kind. */
export const ROOTS: Readonly<Record<string, string>> = {
  api: 'api',
  endpoint: 'endpoint.artifact',
  sequence: 'sequence.artifact',
  messageStore: 'messageStore',
  messageProcessor: 'messageProcessor',
  localEntry: 'localEntry',
  proxy: 'proxy',
  template: 'template',
  inboundEndpoint: 'inboundEndpoint',
  task: 'task',
};

/** True for names like `email.send`: operations of connectors, which Conduit passes through. */
export function isConnectorOperation(local: string): boolean {
  return /^[A-Za-z][\w-]*\.[\w.-]+$/.test(local);
}

/**
 * Why the Conduit runtime refuses a valid Synapse mediator it does not run (an opaque mediator or a
 * connector operation), in the words both the runtime's deploy error and the editor's warning use;
 * undefined for every other element.
 */
export function unsupportedMediatorMessage(local: string): string | undefined {
  if (OPAQUE_MEDIATORS.has(local)) return `<${local}> is a Synapse mediator the Conduit runtime does not run yet; Conduit refuses to deploy an artifact that uses it`;
  if (isConnectorOperation(local)) return unknownOperationMessage(local);
  return undefined;
}

/** The spec of a child element, by where it appears; undefined when it is not allowed there. */
export function childSpecId(parent: ElementSpec, local: string): string | undefined {
  const fromChildren = parent.children?.[local];
  if (fromChildren) return fromChildren;
  if (parent.mediators) return MEDIATORS[local];
  return undefined;
}

/** Attributes every element may carry without being reported (namespace declarations). */
export function isIgnoredAttribute(name: string): boolean {
  return name === 'xmlns' || name.includes(':');
}

/** Mediators after which nothing in the same list runs. */
export const TERMINAL_MEDIATORS: ReadonlySet<string> = new Set(['respond', 'drop', 'loopback', 'send']);
