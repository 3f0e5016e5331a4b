/**
 * The Synapse language Conduit supports, written as data: per element its attributes (type, allowed
 * values, whether required) and the children it may hold. Validation checks artifacts against it and
 * the language server reads it for completion and hover, so the two never disagree.
 *
 * Elements are keyed by an id because the same tag means different things in different places
 * (`<property>` in a log mediator is not the property mediator; `<endpoint>` as an artifact needs a
 * name, inside `<call>` it does not).
 */

export type AttrType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  /** XPath 1.0, `json-eval(<jsonpath>)` or an MI 4.4 `${...}` expression. */
  | 'expression'
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

const description: AttrSpec = { type: 'string', doc: 'A description shown in tooling; no effect at run time.' };
const enableDisable = ['enable', 'disable'] as const;
const statistics: AttrSpec = { type: 'enum', values: enableDisable, doc: 'Collect mediation statistics for this artifact.' };
const trace: AttrSpec = { type: 'enum', values: enableDisable, doc: 'Trace messages through this artifact.' };
const expression = (doc: string, required = false): AttrSpec => ({ type: 'expression', doc, required });
const key = (ref: RefKind, doc: string, required = false): AttrSpec => ({ type: 'key', ref, doc, required });

const PROPERTY_TYPES = ['STRING', 'INTEGER', 'BOOLEAN', 'DOUBLE', 'FLOAT', 'LONG', 'SHORT', 'OM', 'JSON'] as const;
const PROPERTY_SCOPES = ['default', 'transport', 'axis2', 'axis2-client', 'operation', 'registry', 'system', 'analytics', 'trace', 'env', 'file'] as const;
const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'] as const;

const qosChildren = {
  timeout: 'ep.timeout',
  markForSuspension: 'ep.markForSuspension',
  suspendOnFailure: 'ep.suspendOnFailure',
  authentication: 'ep.authentication',
  enableAddressing: 'ep.qos',
  enableSec: 'ep.qos',
  enableRM: 'ep.qos',
  retryConfig: 'ep.free',
} as const;

const endpointChildren = {
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

const endpointAttrs = {
  key: key('endpoint', 'Uses the endpoint artifact with this name instead of an inline definition.'),
  'key-expression': expression('An expression whose value names the endpoint to use.'),
  template: key('template', 'An endpoint template to instantiate.'),
  uri: { type: 'string', doc: 'The address passed to an endpoint template.' },
} satisfies Record<string, AttrSpec>;

/** Every element Conduit checks, by id. */
export const ELEMENTS: Readonly<Record<string, ElementSpec>> = {
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

  // -------------------------------------------------------------------------------------------
  // Mediators
  log: {
    name: 'log',
    doc: 'Logs the message: `simple`, `headers`, `full` (with the payload) or `custom` (only the properties).',
    attrs: {
      level: { type: 'enum', values: ['simple', 'headers', 'full', 'custom'], default: 'simple', doc: 'What to log.' },
      category: { type: 'enum', values: ['INFO', 'TRACE', 'DEBUG', 'WARN', 'ERROR', 'FATAL'], default: 'INFO', doc: 'Log level of the line.' },
      separator: { type: 'string', default: ', ', doc: 'Separator between the logged parts.' },
      logMessageID: { type: 'boolean', doc: 'Prefix the message ID (custom level).' },
      logFullPayload: { type: 'boolean', doc: 'Log the whole payload.' },
      description,
    },
    children: { property: 'log.property', message: 'text' },
  },
  'log.property': {
    name: 'property',
    doc: 'A `name = value` pair the log mediator prints.',
    attrs: { name: { type: 'string', required: true, doc: 'The label printed.' }, value: { type: 'string', doc: 'A literal to print.' }, expression: expression('An expression whose value is printed.') },
    free: true,
  },
  property: {
    name: 'property',
    doc: 'Sets or removes a message property in a scope.',
    attrs: {
      name: { type: 'string', required: true, doc: 'Property name (`{expr}` for a dynamic name).' },
      action: { type: 'enum', values: ['set', 'remove'], default: 'set', doc: 'Set or remove the property.' },
      type: { type: 'enum', values: PROPERTY_TYPES, default: 'STRING', doc: 'Type the value is converted to.' },
      value: { type: 'string', doc: 'A literal value.' },
      expression: expression('An expression whose value is stored.'),
      scope: { type: 'enum', values: PROPERTY_SCOPES, default: 'default', doc: 'Where the property lives: `default` (message), `transport` (HTTP headers), `axis2`, ...' },
      pattern: { type: 'regex', doc: 'Store only what this regular expression matches (the whole value must match).' },
      group: { type: 'integer', doc: 'Group of `pattern` to store.' },
      description,
    },
    free: true,
  },
  variable: {
    name: 'variable',
    doc: 'Sets or removes a variable (MI 4.4), read as `${vars.name}`.',
    attrs: {
      name: { type: 'string', required: true, doc: 'Variable name.' },
      action: { type: 'enum', values: ['set', 'remove'], default: 'set', doc: 'Set or remove the variable.' },
      type: { type: 'enum', values: ['STRING', 'BOOLEAN', 'INTEGER', 'LONG', 'DOUBLE', 'JSON', 'XML'], doc: 'Type of the value.' },
      value: { type: 'string', doc: 'A literal value.' },
      expression: expression('An expression whose value is stored.'),
      description,
    },
    free: true,
  },
  payloadFactory: {
    name: 'payloadFactory',
    doc: 'Replaces the payload with a template; `$1`..`$n` are replaced by the arguments in order.',
    attrs: {
      'media-type': { type: 'enum', values: ['xml', 'json', 'text'], default: 'xml', doc: 'Format of the template and the new payload.' },
      'template-type': { type: 'enum', values: ['default', 'freemarker'], default: 'default', doc: 'Template engine.' },
      escapeXmlChars: { type: 'boolean', doc: 'Escape XML characters in arguments.' },
      description,
    },
    children: { format: 'pf.format', args: 'pf.args' },
    requiredChildren: ['format'],
  },
  'pf.format': { name: 'format', doc: 'The template: inline XML, JSON or text; or `key` naming a registry resource.', attrs: { key: key('registry', 'Registry key of the template.') }, free: true },
  'pf.args': { name: 'args', doc: 'Arguments for `$1`..`$n`, in order.', attrs: {}, children: { arg: 'pf.arg' } },
  'pf.arg': {
    name: 'arg',
    doc: 'One argument: a literal `value` or an `expression`.',
    attrs: {
      value: { type: 'string', doc: 'A literal.' },
      expression: expression('An XPath (`evaluator="xml"`) or JSONPath (`evaluator="json"`) expression.'),
      evaluator: { type: 'enum', values: ['xml', 'json'], default: 'xml', doc: 'How `expression` is evaluated.' },
      literal: { type: 'boolean', doc: 'Insert the value as a literal string.' },
    },
    free: true,
  },
  call: {
    name: 'call',
    doc: 'Sends the message to an endpoint and continues with the response (non-blocking unless `blocking`).',
    attrs: {
      blocking: { type: 'boolean', default: 'false', doc: 'Wait for the response on this thread.' },
      initAxis2ClientOptions: { type: 'boolean', doc: 'Initialize Axis2 client options (blocking only).' },
      axis2xml: { type: 'string', doc: 'Axis2 configuration file (blocking only).' },
      repository: { type: 'string', doc: 'Axis2 repository (blocking only).' },
      description,
    },
    children: { endpoint: 'endpoint', source: 'call.source', target: 'call.target' },
  },
  'call.source': { name: 'source', doc: 'What to send (MI 4.x).', attrs: { type: { type: 'enum', values: ['body', 'property', 'inline', 'custom'], doc: 'Source type.' }, contentType: { type: 'string', doc: 'Content type of the source.' } }, free: true },
  'call.target': { name: 'target', doc: 'Where to put the response (MI 4.x).', attrs: { type: { type: 'enum', values: ['body', 'property', 'variable'], doc: 'Target type.' } }, free: true },
  send: {
    name: 'send',
    doc: 'Sends the message to an endpoint (or its `To` address); mediation of this message stops here.',
    attrs: {
      receive: key('sequence', 'Sequence that handles the response (instead of the out sequence).'),
      buildmessage: { type: 'boolean', doc: 'Build the message before sending.' },
      description,
    },
    children: { endpoint: 'endpoint' },
  },
  respond: { name: 'respond', doc: 'Sends the current message back to the client; mediation stops here.', attrs: { description } },
  drop: { name: 'drop', doc: 'Drops the message; mediation stops here (the client gets 202 if nothing was sent).', attrs: { description } },
  loopback: { name: 'loopback', doc: 'Moves the message to the out flow (the out sequence); mediation of the in flow stops here.', attrs: { description } },
  switch: {
    name: 'switch',
    doc: 'Runs the first `case` whose regex matches the whole `source` value, else `default`.',
    attrs: { source: expression('XPath or JSONPath giving the value to match.', true), description },
    children: { case: 'switch.case', default: 'switch.default' },
  },
  'switch.case': { name: 'case', doc: 'Mediators run when `regex` matches the whole source value.', attrs: { regex: { type: 'regex', required: true, doc: 'A Java regular expression matched against the whole value.' } }, mediators: true },
  'switch.default': { name: 'default', doc: 'Mediators run when no case matched.', attrs: {}, mediators: true },
  filter: {
    name: 'filter',
    doc: 'Runs its mediators (or `then`) when the condition holds, else `else`: `source` + `regex`, or a boolean `xpath`.',
    attrs: {
      source: expression('XPath or JSONPath giving the value to match against `regex`.'),
      regex: { type: 'regex', doc: 'A Java regular expression matched against the whole source value.' },
      xpath: expression('A boolean XPath or JSONPath condition.'),
      description,
    },
    mediators: true,
    children: { then: 'filter.branch', else: 'filter.branch' },
  },
  'filter.branch': { name: 'then', doc: 'A filter branch.', attrs: { sequence: key('sequence', 'Run this sequence instead of inline mediators.') }, mediators: true },
  header: {
    name: 'header',
    doc: 'Sets or removes a SOAP header (`scope="default"`) or an HTTP header (`scope="transport"`).',
    attrs: {
      name: { type: 'string', doc: 'Header name (a QName for SOAP headers).' },
      value: { type: 'string', doc: 'A literal value.' },
      expression: expression('An expression giving the value.'),
      scope: { type: 'enum', values: ['default', 'transport'], default: 'default', doc: 'SOAP (`default`) or HTTP (`transport`) header.' },
      action: { type: 'enum', values: ['set', 'remove'], default: 'set', doc: 'Set or remove the header.' },
      description,
    },
    free: true,
  },
  enrich: {
    name: 'enrich',
    doc: 'Copies a part of the message (or a property or inline content) into another part.',
    attrs: { description },
    children: { source: 'enrich.source', target: 'enrich.target' },
    requiredChildren: ['source', 'target'],
  },
  'enrich.source': {
    name: 'source',
    doc: 'What to copy.',
    attrs: {
      clone: { type: 'boolean', default: 'true', doc: 'Copy rather than move.' },
      type: { type: 'enum', values: ['custom', 'envelope', 'body', 'property', 'inline', 'variable'], default: 'custom', doc: 'Source type.' },
      xpath: expression('For `custom`: the part to copy.'),
      property: { type: 'string', doc: 'For `property`: the property name.' },
      key: key('registry', 'For `inline`: registry key of the content.'),
    },
    free: true,
  },
  'enrich.target': {
    name: 'target',
    doc: 'Where to put it.',
    attrs: {
      action: { type: 'enum', values: ['replace', 'child', 'sibling', 'remove'], default: 'replace', doc: 'How to insert.' },
      type: { type: 'enum', values: ['custom', 'envelope', 'body', 'property', 'key', 'variable'], default: 'custom', doc: 'Target type.' },
      xpath: expression('For `custom`: where to insert.'),
      property: { type: 'string', doc: 'For `property`: the property name.' },
    },
    free: true,
  },
  'sequence.ref': {
    name: 'sequence',
    doc: 'Runs the named sequence here (or, without `key`, its inline mediators).',
    attrs: { key: key('sequence', 'The sequence to run (`{expr}` for a dynamic key).'), description },
    mediators: true,
  },
  store: {
    name: 'store',
    doc: 'Stores a copy of the message in a message store; mediation continues.',
    attrs: {
      messageStore: key('messageStore', 'The store (`{expr}` for a dynamic name).', true),
      sequence: key('sequence', 'Sequence run on the message before it is stored.'),
      description,
    },
  },
  datamapper: {
    name: 'datamapper',
    doc: 'Transforms the payload with a data-mapping configuration from the registry.',
    attrs: {
      config: key('registry', 'Registry key of the mapping (`.dmc`).', true),
      inputSchema: key('registry', 'Registry key of the input schema.', true),
      outputSchema: key('registry', 'Registry key of the output schema.', true),
      inputType: { type: 'enum', values: ['XML', 'JSON', 'CSV'], doc: 'Input format.' },
      outputType: { type: 'enum', values: ['XML', 'JSON', 'CSV'], doc: 'Output format.' },
      xsltStyleSheet: key('registry', 'Registry key of an equivalent XSLT.'),
      description,
    },
  },
  'call-template': {
    name: 'call-template',
    doc: 'Runs a sequence template with parameters.',
    attrs: { target: key('template', 'The template to run.', true), onError: key('sequence', 'Fault sequence.'), description },
    children: { 'with-param': 'with-param' },
  },
  'with-param': { name: 'with-param', doc: 'A template argument.', attrs: { name: { type: 'string', required: true, doc: 'Parameter name.' }, value: { type: 'string', doc: 'Value (literal or `{expr}`).' } }, free: true },
  iterate: {
    name: 'iterate',
    doc: 'Splits the message: one copy per element the expression selects, each run through the target. The original message stops here unless `continueParent`.',
    attrs: {
      expression: expression('XPath, `json-eval(...)` (a JSON array) or `${...}` selecting the elements to split.', true),
      attachPath: expression('With `preservePayload`: where each element is put in the copy of the original payload.'),
      preservePayload: { type: 'boolean', default: 'false', doc: 'Each part is the original payload holding one element, instead of the element alone.' },
      sequential: { type: 'boolean', default: 'false', doc: 'Run the parts one after the other instead of all at once.' },
      continueParent: { type: 'boolean', default: 'false', doc: 'Let the original message go on after the iterate.' },
      id: { type: 'string', doc: 'Ties the parts to the `<aggregate id>` that collects them.' },
      description,
    },
    children: { target: 'eip.target' },
    requiredChildren: ['target'],
  },
  'eip.target': {
    name: 'target',
    doc: 'Where each split message goes: inline mediators, a named sequence or an endpoint.',
    attrs: {
      sequence: key('sequence', 'Run this sequence instead of inline mediators.'),
      endpoint: key('endpoint', 'Send to this endpoint (its answer goes to the out sequence or the client).'),
      to: { type: 'string', doc: 'The To address set on the message.' },
      soapAction: { type: 'string', doc: 'The SOAP action set on the message.' },
    },
    children: { sequence: 'eip.sequence', endpoint: 'endpoint' },
  },
  'eip.sequence': { name: 'sequence', doc: 'The mediators each split message runs through.', attrs: {}, mediators: true },
  aggregate: {
    name: 'aggregate',
    doc: 'Collects the messages an iterate or clone split off and runs `onComplete` once on them merged.',
    attrs: { id: { type: 'string', doc: 'Collect only the messages of the iterate or clone with this id.' }, description },
    children: { correlateOn: 'aggregate.correlateOn', completeCondition: 'aggregate.completeCondition', onComplete: 'aggregate.onComplete' },
    requiredChildren: ['onComplete'],
  },
  clone: {
    name: 'clone',
    doc: 'Copies the message once per target, each run through its target. The original message stops here unless `continueParent`.',
    attrs: {
      id: { type: 'string', doc: 'Ties the copies to the `<aggregate id>` that collects them.' },
      sequential: { type: 'boolean', default: 'false', doc: 'Run the copies one after the other instead of all at once.' },
      continueParent: { type: 'boolean', default: 'false', doc: 'Let the original message go on after the clone.' },
      description,
    },
    children: { target: 'eip.target' },
  },
  foreach: {
    name: 'foreach',
    doc: 'Loops over the elements the expression selects: each runs through the sequence as the body of a copy of the message and is replaced by what that body became.',
    attrs: {
      expression: expression('XPath, or `json-eval(...)` naming a JSON array, selecting the elements to loop over.'),
      sequence: key('sequence', 'Run this sequence for each element instead of inline mediators.'),
      id: { type: 'string', doc: 'Prefix of the `FOREACH_COUNTER` and `FOREACH_ORIGINAL_MESSAGE` properties (`<id>_FOREACH_COUNTER`).' },
      collection: expression('MI 4.4 form (not run by Conduit): the collection to loop over.'),
      'parallel-execution': { type: 'boolean', doc: 'MI 4.4 form (not run by Conduit): run the iterations in parallel.' },
      'result-target': { type: 'string', doc: 'MI 4.4 form (not run by Conduit): where the results go.' },
      'result-type': { type: 'string', doc: 'MI 4.4 form (not run by Conduit): the type of the results.' },
      'counter-variable': { type: 'string', doc: 'MI 4.4 form (not run by Conduit): the variable holding the index.' },
      continueWithoutAggregation: { type: 'boolean', doc: 'MI 4.4 form (not run by Conduit): do not collect the results.' },
      description,
    },
    children: { sequence: 'foreach.sequence' },
  },
  'foreach.sequence': { name: 'sequence', doc: 'The mediators each element runs through; call, send and callout are not allowed.', attrs: {}, mediators: true },
  'aggregate.correlateOn': { name: 'correlateOn', doc: 'Messages for which this is true are aggregated together.', attrs: { expression: expression('XPath or `json-eval(...)`.', true) } },
  'aggregate.completeCondition': {
    name: 'completeCondition',
    doc: 'When the aggregation completes: all the split messages, `messageCount`, or `timeout`.',
    attrs: { timeout: { type: 'number', doc: 'Seconds to wait before completing with the messages that came.' } },
    children: { messageCount: 'aggregate.messageCount' },
  },
  'aggregate.messageCount': {
    name: 'messageCount',
    doc: 'Complete once `min` (or `max`) messages arrived; -1 waits for all of them.',
    attrs: { min: { type: 'integer', doc: 'Complete at this many messages (-1: all); a number or `{expression}`.' }, max: { type: 'integer', doc: 'Take at most this many messages (-1: all); a number or `{expression}`.' } },
  },
  'aggregate.onComplete': {
    name: 'onComplete',
    doc: 'The mediators run on the aggregated message (or `sequence`).',
    attrs: {
      expression: expression('What to take from each message: XPath (the elements are merged) or `json-eval(...)` (the results form a JSON array). The first body element by default.'),
      sequence: key('sequence', 'Run this sequence instead of inline mediators.'),
      enclosingElementProperty: { type: 'string', doc: 'A property holding an XML element to enclose the aggregated elements in.' },
      aggregateElementType: { type: 'enum', values: ['root', 'child'], doc: 'Kept for MI tooling; no effect at run time.' },
    },
    mediators: true,
  },
  makefault: {
    name: 'makefault',
    doc: 'Replaces the message with a SOAP 1.1, SOAP 1.2 or POX fault; `respond` or `send` then sends it (500 unless HTTP_SC is set).',
    attrs: {
      version: { type: 'enum', values: ['soap11', 'soap12', 'pox'], default: 'soap11', doc: 'The kind of fault to make.' },
      response: { type: 'boolean', default: 'true', doc: 'Mark the message as a response, so `send` answers the client.' },
      description,
    },
    children: { code: 'makefault.code', reason: 'makefault.reason', node: 'text', role: 'text', detail: 'makefault.detail', description: 'text' },
  },
  'makefault.code': {
    name: 'code',
    doc: 'The fault code: a QName such as `soap11Env:Server` whose prefix is declared, or an expression giving the code.',
    attrs: { value: { type: 'string', doc: 'A QName: Client or Server (SOAP 1.1); Sender, Receiver, ... (SOAP 1.2), in the envelope namespace.' }, expression: expression('An XPath giving the code.') },
  },
  'makefault.reason': {
    name: 'reason',
    doc: 'The fault string.',
    attrs: { value: { type: 'string', doc: 'A literal reason.' }, expression: expression('An expression giving the reason.') },
  },
  'makefault.detail': {
    name: 'detail',
    doc: 'The fault detail: inline XML, text, or an expression.',
    attrs: { expression: expression('An XPath whose nodes (or text) become the detail.') },
    free: true,
  },
  script: {
    name: 'script',
    doc: 'Runs JavaScript with `mc`, the message (getPayloadJSON, setPayloadJSON, getProperty, setProperty, ...): inline (in CDATA) or from `key`.',
    attrs: {
      language: { type: 'string', doc: 'The script language: `js`, `nashornJs` or `rhinoJs` (all run as JavaScript).' },
      key: key('registry', 'Registry key of the script; without it the script is the element\'s text.'),
      function: { type: 'string', default: 'mediate', doc: 'For a `key` script: the function called with `mc`.' },
      description,
    },
    children: { include: 'script.include' },
  },
  'script.include': { name: 'include', doc: 'A script run before this one (its functions become available).', attrs: { key: key('registry', 'Registry key of the script.', true) } },
  xslt: {
    name: 'xslt',
    doc: 'Transforms the body (or the node `source` selects) with an XSLT 1.0 stylesheet from the registry; the result takes its place.',
    attrs: {
      key: key('registry', 'Registry key of the stylesheet.'),
      source: expression('XPath selecting the node to transform; the body\'s first element when absent.'),
      description,
    },
    children: { property: 'xslt.property', feature: 'xslt.feature', attribute: 'xslt.feature', resource: 'xslt.resource' },
  },
  'xslt.property': {
    name: 'property',
    doc: 'A stylesheet parameter (`xsl:param`): a literal `value` or an `expression` evaluated per message.',
    attrs: { name: { type: 'string', doc: 'The parameter name.' }, value: { type: 'string', doc: 'A literal value.' }, expression: expression('An expression giving the value.') },
  },
  'xslt.feature': { name: 'feature', doc: 'A transformer factory feature or attribute of the Java XSLT engine; no effect in Conduit.', attrs: { name: { type: 'string', doc: 'Feature name.' }, value: { type: 'string', doc: 'Its value.' } } },
  'xslt.resource': {
    name: 'resource',
    doc: 'Answers an `xsl:import` or `xsl:include` href with a stylesheet from the registry.',
    attrs: { location: { type: 'string', doc: 'The href as the stylesheet writes it.' }, key: key('registry', 'Registry key of the imported stylesheet.') },
  },
  validate: {
    name: 'validate',
    doc: 'Validates a JSON payload against a JSON schema from the registry; `on-fail` runs when it does not match.',
    attrs: {
      source: expression('`json-eval(...)` selecting the part of the payload to validate; the whole payload when absent.'),
      'cache-schema': { type: 'boolean', default: 'true', doc: 'Keep the compiled schema (Conduit compiles it once at deploy either way).' },
      description,
    },
    children: { schema: 'validate.schema', property: 'validate.property', resource: 'xslt.resource', feature: 'validate.property', 'on-fail': 'validate.on-fail' },
  },
  'validate.schema': { name: 'schema', doc: 'The schema: a JSON schema (draft-04 by default) from the registry.', attrs: { key: key('registry', 'Registry key of the schema.') } },
  'validate.property': { name: 'property', doc: 'A feature of the XML Schema validator; no effect on JSON validation.', attrs: { name: { type: 'string', doc: 'Feature name.' }, value: { type: 'string', doc: 'true or false.' } } },
  'validate.on-fail': { name: 'on-fail', doc: 'Mediators run when the payload does not match; ERROR_MESSAGE says why.', attrs: {}, mediators: true },
  cache: {
    name: 'cache',
    doc: 'Answers a request seen before (same URL, headers and body) from memory: a finder in the request path, `collector="true"` after the call stores the answer.',
    attrs: {
      collector: { type: 'boolean', default: 'false', doc: 'Store the current answer for the request a finder looked up, instead of looking up.' },
      timeout: { type: 'integer', default: '5000', doc: 'Seconds an entry lives, counted from the first request that missed.' },
      maxMessageSize: { type: 'integer', doc: 'Answers larger than this many bytes are not stored (-1 or absent: any size).' },
      id: { type: 'string', doc: 'Older (EI 6) form; no effect.' },
      scope: { type: 'string', doc: 'Older (EI 6) form; no effect: the cache is always local.' },
      hashGenerator: { type: 'string', doc: 'Older (EI 6) form of `<protocol><hashGenerator>`.' },
      description,
    },
    children: { onCacheHit: 'cache.onCacheHit', protocol: 'cache.protocol', implementation: 'cache.implementation' },
  },
  'cache.onCacheHit': {
    name: 'onCacheHit',
    doc: 'Runs on a hit with the cached answer as the message (or `sequence`); the flow ends after it, so answer with `respond`. Without it the cached answer goes straight back.',
    attrs: { sequence: key('sequence', 'Run this sequence instead of inline mediators.') },
    mediators: true,
  },
  'cache.protocol': {
    name: 'protocol',
    doc: 'What is cached for HTTP.',
    attrs: { type: { type: 'string', default: 'HTTP', doc: 'Only HTTP is run by Conduit.' } },
    children: {
      methods: 'cache.text',
      headersToExcludeInHash: 'cache.text',
      headersToIncludeInHash: 'cache.text',
      responseCodes: 'cache.text',
      enableCacheControl: 'cache.text',
      includeAgeHeader: 'cache.text',
      hashGenerator: 'cache.text',
    },
  },
  'cache.text': { name: '*', doc: 'Comma-separated methods or headers (`*` for all), a response-code regular expression, true/false, or the hash generator class.', attrs: {}, free: true },
  'cache.implementation': {
    name: 'implementation',
    doc: 'The in-memory store.',
    attrs: { maxSize: { type: 'integer', default: '1000', doc: 'Entries kept at most; the oldest goes first (-1: no bound).' }, type: { type: 'string', default: 'memory', doc: 'Only memory is run by Conduit.' } },
  },
  throttle: {
    name: 'throttle',
    doc: 'Lets requests through while its WS-Policy allows (a count per unit time, concurrent messages): onAccept runs for those, onReject for the others.',
    attrs: {
      id: { type: 'string', required: true, doc: 'The throttle group; its counters live as long as the artifact is deployed.' },
      onAccept: key('sequence', 'Run this sequence for accepted requests instead of inline mediators.'),
      onReject: key('sequence', 'Run this sequence for refused requests instead of inline mediators.'),
      description,
    },
    children: { policy: 'throttle.policy', onAccept: 'throttle.branch', onReject: 'throttle.branch' },
  },
  'throttle.policy': { name: 'policy', doc: 'The WS-Policy throttle assertion, inline or from the registry.', attrs: { key: key('registry', 'Registry key of the policy.') }, free: true },
  'throttle.branch': { name: 'onAccept', doc: 'The mediators run for an accepted (onAccept) or refused (onReject) request.', attrs: {}, mediators: true },
  callout: {
    name: 'callout',
    doc: 'Calls a SOAP service and waits for its answer: the source element is sent as SOAP 1.1, the answer goes where the target says (the body by default).',
    attrs: {
      serviceURL: { type: 'string', doc: 'The service address.' },
      endpointKey: key('endpoint', 'A deployed endpoint to call instead of serviceURL.'),
      action: { type: 'string', doc: 'The SOAPAction sent.' },
      initAxis2ClientOptions: { type: 'boolean', doc: 'Axis2 client setting; no effect in Conduit.' },
      description,
    },
    children: { source: 'callout.source', target: 'callout.target', configuration: 'callout.free', enableSec: 'callout.free' },
  },
  'callout.source': { name: 'source', doc: 'The request: the element `xpath` selects, or the property `key` names.', attrs: { xpath: expression('XPath selecting the element to send.'), key: { type: 'string', doc: 'Property holding the element to send.' }, type: { type: 'string', doc: '`envelope` sends the whole envelope (not run by Conduit).' } } },
  'callout.target': { name: 'target', doc: 'Where the answer goes: in place of the element `xpath` selects, or into the property `key` names.', attrs: { xpath: expression('XPath selecting the element the answer replaces.'), key: { type: 'string', doc: 'Property to hold the answer.' } } },
  'callout.free': { name: '*', doc: 'Axis2 client configuration or WS-Security (WS-Security is not run by Conduit).', attrs: {}, free: true },
  throwError: {
    name: 'throwError',
    doc: 'Raises an error handled by the onError or fault sequence, with ERROR_CODE set to `type` and ERROR_MESSAGE to `errorMessage` (MI 4.4).',
    attrs: {
      type: { type: 'string', doc: 'The error type, stored in ERROR_CODE.' },
      errorMessage: { type: 'string', doc: 'The message, stored in ERROR_MESSAGE: text, or `{expression}`.' },
      description,
    },
  },
  propertyGroup: {
    name: 'propertyGroup',
    doc: 'A group of property mediators run in order (MI 4.4).',
    attrs: { description },
    children: { property: 'property', description: 'text' },
  },
};

/**
 * Mediators Conduit checks, by element name. `sequence` inside a mediator list is a reference.
 */
export const MEDIATORS: Readonly<Record<string, string>> = {
  log: 'log',
  property: 'property',
  variable: 'variable',
  payloadFactory: 'payloadFactory',
  call: 'call',
  send: 'send',
  respond: 'respond',
  drop: 'drop',
  loopback: 'loopback',
  switch: 'switch',
  filter: 'filter',
  header: 'header',
  enrich: 'enrich',
  sequence: 'sequence.ref',
  store: 'store',
  datamapper: 'datamapper',
  'call-template': 'call-template',
  makefault: 'makefault',
  throwError: 'throwError',
  script: 'script',
  xslt: 'xslt',
  validate: 'validate',
  cache: 'cache',
  throttle: 'throttle',
  callout: 'callout',
  propertyGroup: 'propertyGroup',
  iterate: 'iterate',
  aggregate: 'aggregate',
  clone: 'clone',
  foreach: 'foreach',
};

/**
 * Synapse mediators that are valid in a mediator list but whose content Conduit does not check.
 * Connector operations (`<email.send>`, `<http.post>`) are recognised by the dot in their name.
 */
export const OPAQUE_MEDIATORS: ReadonlySet<string> = new Set([
  'bam', 'bean', 'builder', 'class', 'conditionalRouter', 'dataServiceCall',
  'dblookup', 'dbreport', 'ejb', 'enqueue', 'entitlementService', 'event', 'fastXSLT', 'fault',
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
  if (isConnectorOperation(local)) return `<${local}> is a connector operation; the Conduit runtime does not run connectors and refuses to deploy an artifact that uses one`;
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
