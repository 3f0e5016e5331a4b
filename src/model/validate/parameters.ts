/**
 * Message store and message processor classes with the parameters each one reads: type, default and
 * meaning, as Synapse's sources define them. Validation checks `<parameter>`s against this table and
 * the language server completes and explains them from it.
 */
import { PROCESSOR_CLASSES, STORE_CLASSES } from '../views';

export type ParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'cron' | 'sequence' | 'endpoint' | 'messageStore';

export interface ParameterSpec {
  name: string;
  type: ParameterType;
  doc: string;
  default?: string;
  required?: boolean;
  values?: readonly string[];
  /** Smallest allowed number, for integer and number parameters. */
  min?: number;
  /** A secret: never shown in hovers with its value. */
  secret?: boolean;
}

export interface ClassSpec {
  className: string;
  kind: 'messageStore' | 'messageProcessor';
  label: string;
  doc: string;
  parameters: readonly ParameterSpec[];
  /** Sets of parameters of which one set must be complete (e.g. a JDBC URL or a data source). */
  requiredOneOf?: readonly (readonly string[])[];
  /** Parameter names outside the table that the class still reads (e.g. JNDI `queue.<name>`). */
  openNames?: RegExp;
}

const bool = (name: string, doc: string, def?: string): ParameterSpec => ({ name, type: 'boolean', doc, default: def });
const int = (name: string, doc: string, def?: string, min?: number): ParameterSpec => ({ name, type: 'integer', doc, default: def, min });
const str = (name: string, doc: string, def?: string): ParameterSpec => ({ name, type: 'string', doc, default: def });
const secret = (name: string, doc: string, def?: string): ParameterSpec => ({ name, type: 'string', doc, default: def, secret: true });

const guaranteedDelivery = [
  bool('store.producer.guaranteed.delivery.enable', 'When storing fails, put the message in the failover store (`store.failover.message.store.name`); for RabbitMQ this also turns on publisher confirms.', 'false'),
  { name: 'store.failover.message.store.name', type: 'messageStore', doc: 'The store that takes messages this store could not accept (needs guaranteed delivery).' },
] satisfies ParameterSpec[];

const jdbcParameters: ParameterSpec[] = [
  str('store.jdbc.driver', 'JDBC driver class, e.g. `com.mysql.jdbc.Driver`.'),
  str('store.jdbc.connection.url', 'JDBC connection URL.'),
  str('store.jdbc.username', 'Database user.'),
  secret('store.jdbc.password', 'Database password.'),
  str('store.jdbc.table', 'Table holding the messages.', 'jdbc_message_store'),
  str('store.jdbc.dsName', 'A data source name, instead of driver and URL.'),
  str('store.jdbc.icClass', 'Initial context factory for a data source lookup.'),
  ...guaranteedDelivery,
];

/** Message store classes, the in-memory store first (it is the default when `class` is absent). */
export const STORE_CLASS_SPECS: readonly ClassSpec[] = [
  {
    className: STORE_CLASSES.inMemory,
    kind: 'messageStore',
    label: 'In-memory message store',
    doc: 'Keeps messages in memory, first in first out. They are lost when the runtime stops. Used when `class` is absent.',
    parameters: [],
  },
  {
    className: STORE_CLASSES.rabbitmq,
    kind: 'messageStore',
    label: 'RabbitMQ message store',
    doc: 'Publishes messages to a durable RabbitMQ queue (persistent delivery) and consumes them with explicit acknowledgements.',
    parameters: [
      str('store.rabbitmq.host.name', 'Broker host (a comma-separated list for a cluster).', 'localhost'),
      { name: 'store.rabbitmq.host.port', type: 'string', doc: 'Broker port (a comma-separated list matching the hosts).', default: '5672' },
      str('store.rabbitmq.username', 'Broker user.', 'guest'),
      secret('store.rabbitmq.password', 'Broker password.', 'guest'),
      str('store.rabbitmq.virtual.host', 'Virtual host; empty means `/`.', '/'),
      str('store.rabbitmq.queue.name', 'Queue to store in; the store name when absent.'),
      str('store.rabbitmq.exchange.name', 'Exchange to publish to (declared as a durable direct exchange unless it starts with `amq.`).'),
      str('store.rabbitmq.route.key', 'Routing key; the queue name when absent.'),
      int('rabbitmq.connection.retry.interval', 'Milliseconds between connection attempts.', '30000', 0),
      int('rabbitmq.connection.retry.count', 'Connection attempts before giving up.', '3', 0),
      bool('rabbitmq.connection.ssl.enabled', 'Connect over TLS.', 'false'),
      str('rabbitmq.connection.ssl.keystore.location', 'TLS key store path.'),
      str('rabbitmq.connection.ssl.keystore.type', 'TLS key store type.'),
      secret('rabbitmq.connection.ssl.keystore.password', 'TLS key store password.'),
      str('rabbitmq.connection.ssl.truststore.location', 'TLS trust store path.'),
      str('rabbitmq.connection.ssl.truststore.type', 'TLS trust store type.'),
      secret('rabbitmq.connection.ssl.truststore.password', 'TLS trust store password.'),
      str('rabbitmq.connection.ssl.version', 'TLS version.'),
      ...guaranteedDelivery,
    ],
  },
  {
    className: STORE_CLASSES.jms,
    kind: 'messageStore',
    label: 'JMS message store',
    doc: 'Stores messages in a JMS queue (ActiveMQ, IBM MQ, WSO2 MB, ...).',
    parameters: [
      { name: 'java.naming.factory.initial', type: 'string', required: true, doc: 'JNDI initial context factory of the broker.' },
      { name: 'java.naming.provider.url', type: 'string', required: true, doc: 'JNDI provider URL (broker address).' },
      str('store.jms.destination', 'Queue name; `<store name>_Queue` when absent.'),
      str('store.jms.connection.factory', 'JNDI name of the connection factory.'),
      str('store.jms.username', 'Broker user.'),
      secret('store.jms.password', 'Broker password.'),
      { name: 'store.jms.JMSSpecVersion', type: 'enum', values: ['1.1', '1.0', '2.0'], default: '1.1', doc: 'JMS specification version.' },
      bool('store.jms.cache.connection', 'Reuse one connection.', 'false'),
      int('store.jms.ConsumerReceiveTimeOut', 'Milliseconds a consumer waits for a message.', undefined, 0),
      str('connectionfactory.QueueConnectionFactory', 'Connection URL of the queue connection factory (WSO2 MB).'),
      bool('vender.class.loader.enabled', 'Load the broker client with its own class loader.'),
      ...guaranteedDelivery,
    ],
    openNames: /^(queue|topic|connectionfactory)\.[^\s]+$|^java\.naming\./,
  },
  {
    className: STORE_CLASSES.jdbc,
    kind: 'messageStore',
    label: 'JDBC message store',
    doc: 'Stores messages in a database table.',
    parameters: jdbcParameters,
    requiredOneOf: [['store.jdbc.driver', 'store.jdbc.connection.url'], ['store.jdbc.dsName']],
  },
  {
    className: STORE_CLASSES.resequence,
    kind: 'messageStore',
    label: 'Resequence message store',
    doc: 'A JDBC store that releases messages in the order of a sequence number read from each message.',
    parameters: [
      ...jdbcParameters,
      { name: 'store.resequence.id.path', type: 'string', required: true, doc: 'XPath or JSONPath giving the sequence number (a positive integer starting at 1).' },
      int('store.resequence.timeout', 'Seconds to wait for a missing number; `-1` waits forever.', '-1', -1),
    ],
    requiredOneOf: [['store.jdbc.driver', 'store.jdbc.connection.url'], ['store.jdbc.dsName']],
  },
];

const scheduling: ParameterSpec[] = [
  int('interval', 'Milliseconds between runs (the scheduler runs at most once a second).', '1000', 0),
  { name: 'cronExpression', type: 'cron', doc: 'A Quartz cron expression; when present it drives the schedule instead of `interval`.' },
  bool('is.active', 'Start the processor when deployed.', 'true'),
  int('member.count', 'Number of task instances.', '1', 1),
  str('quartz.conf', 'Quartz configuration file.'),
  int('max.store.connection.attempts', 'Attempts to reconnect to the store; `-1` retries forever.', '-1', -1),
  int('store.connection.retry.interval', 'Milliseconds between store reconnection attempts.', '1000', 0),
];

const forwarding: ParameterSpec[] = [
  int('client.retry.interval', 'Milliseconds between delivery attempts of one message.', '1000', 0),
  int('max.delivery.attempts', 'Delivery attempts before the message is dropped, moved or the processor deactivates; 0 or less retries forever.', '4'),
  { name: 'max.delivery.drop', type: 'enum', values: ['Enabled', 'Disabled'], default: 'Disabled', doc: 'Drop a message that used up its attempts (when attempts > 0).' },
  { name: 'message.processor.fault.sequence', type: 'sequence', doc: 'Sequence run after each failed attempt.' },
  { name: 'message.processor.deactivate.sequence', type: 'sequence', doc: 'Sequence run when the processor deactivates.' },
];

/** Message processor classes. */
export const PROCESSOR_CLASS_SPECS: readonly ClassSpec[] = [
  {
    className: PROCESSOR_CLASSES.sampling,
    kind: 'messageProcessor',
    label: 'Message sampling processor',
    doc: 'Takes `concurrency` messages from the store on each run and injects each into `sequence`. Conduit removes a message from the store only after the sequence completes (at-least-once).',
    parameters: [
      { name: 'sequence', type: 'sequence', required: true, doc: 'The sequence each message is injected into.' },
      int('concurrency', 'Messages taken per run.', '1', 1),
      ...scheduling,
    ],
  },
  {
    className: PROCESSOR_CLASSES.forwarding,
    kind: 'messageProcessor',
    label: 'Scheduled message forwarding processor',
    doc: 'Delivers each stored message to the target endpoint, retrying until it succeeds; a message leaves the store only once delivered.',
    parameters: [
      ...scheduling,
      ...forwarding,
      { name: 'target.endpoint', type: 'endpoint', doc: 'The endpoint to deliver to (also set by the `targetEndpoint` attribute).' },
      { name: 'message.processor.reply.sequence', type: 'sequence', doc: 'Sequence that receives the response; without one the processor deactivates after a delivery.' },
      { name: 'message.processor.failMessagesStore', type: 'messageStore', doc: 'Store that receives messages that used up their delivery attempts.' },
      str('non.retry.status.codes', 'Comma-separated HTTP status codes that count as delivered.'),
      bool('throttle', 'Set from `interval` at start-up; any value given is overwritten.'),
      str('axis2.repo', 'Axis2 repository of the sender.'),
      str('axis2.config', 'Axis2 configuration of the sender.'),
    ],
  },
  {
    className: PROCESSOR_CLASSES.failover,
    kind: 'messageProcessor',
    label: 'Failover message forwarding processor',
    doc: 'Moves each stored message into another store, retrying until it succeeds.',
    parameters: [
      { name: 'message.target.store.name', type: 'messageStore', required: true, doc: 'The store messages are forwarded to.' },
      ...scheduling,
      ...forwarding,
      bool('bind.processor.server', 'Bind the processor to one server of a cluster.'),
    ],
  },
];

/** The spec of a store class (undefined: a custom class). Absent `class` means the in-memory store. */
export function storeClassSpec(className: string | undefined): ClassSpec | undefined {
  if (!className) return STORE_CLASS_SPECS[0];
  return STORE_CLASS_SPECS.find((c) => c.className === className);
}

export function processorClassSpec(className: string | undefined): ClassSpec | undefined {
  return PROCESSOR_CLASS_SPECS.find((c) => c.className === className);
}

export function parameterSpec(spec: ClassSpec, name: string): ParameterSpec | undefined {
  return spec.parameters.find((p) => p.name === name);
}
