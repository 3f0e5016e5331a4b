/**
 * The message store classes Conduit knows (synapse `message/store/Constants.java` and Conduit's embedded
 * store): their parameters, the older names MI accepts, and whether the Conduit runtime runs them. The
 * validator, the language server, the wizards, the explorer and the runtime's store factory read this
 * one table, so the editor warns about a store exactly when the runtime refuses it, in the same words.
 */
import { bool, int, secret, str, type ClassSpec, type ParameterSpec } from './parameters';

export type MessageStoreType = 'in-memory' | 'embedded' | 'rabbitmq' | 'jms' | 'wso2mb' | 'jdbc' | 'resequence' | 'custom';

export interface StoreClassSpec extends ClassSpec {
  /** The store type of the class; a JMS store on WSO2 Message Broker reads as 'wso2mb' (storeType). */
  type: Exclude<MessageStoreType, 'wso2mb' | 'custom'>;
}

export const STORE_CLASSES = {
  inMemory: 'org.apache.synapse.message.store.impl.memory.InMemoryStore',
  jms: 'org.apache.synapse.message.store.impl.jms.JmsStore',
  rabbitmq: 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore',
  jdbc: 'org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore',
  resequence: 'org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore',
} as const;

/** Conduit's durable store; MI does not know it. */
export const EMBEDDED_STORE_CLASS = 'org.conduit.store.EmbeddedStore';

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
export const STORE_CLASS_SPECS: readonly StoreClassSpec[] = [
  {
    type: 'in-memory',
    className: STORE_CLASSES.inMemory,
    aliases: ['org.apache.synapse.message.store.InMemoryMessageStore'],
    kind: 'messageStore',
    label: 'In-memory message store',
    doc: 'Keeps messages in memory, first in first out. They are lost when the runtime stops. Used when `class` is absent.',
    parameters: [],
  },
  {
    type: 'embedded',
    className: EMBEDDED_STORE_CLASS,
    kind: 'messageStore',
    label: 'Embedded durable message store',
    doc: 'Conduit\'s own durable store (LevelDB in the project\'s `.conduit/stores` folder): messages survive a restart or crash of the runtime, no broker needed. MI does not know this class; use it for local runs.',
    parameters: [],
  },
  {
    type: 'rabbitmq',
    className: STORE_CLASSES.rabbitmq,
    // the docs spell it this way
    aliases: ['org.apache.synapse.message.store.impl.rabbitmq.RabbitmqStore'],
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
    type: 'jms',
    className: STORE_CLASSES.jms,
    aliases: ['org.wso2.carbon.message.store.persistence.jms.JMSMessageStore'],
    notRun: 'JMS',
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
    type: 'jdbc',
    className: STORE_CLASSES.jdbc,
    notRun: 'JDBC',
    kind: 'messageStore',
    label: 'JDBC message store',
    doc: 'Stores messages in a database table.',
    parameters: jdbcParameters,
    requiredOneOf: [['store.jdbc.driver', 'store.jdbc.connection.url'], ['store.jdbc.dsName']],
  },
  {
    type: 'resequence',
    className: STORE_CLASSES.resequence,
    notRun: 'Resequence',
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

/** The class a `class` attribute names, older names included; absent or blank means the in-memory store. */
export function storeClassSpec(className: string | undefined): StoreClassSpec | undefined {
  const written = className?.trim();
  if (!written) return STORE_CLASS_SPECS[0];
  return STORE_CLASS_SPECS.find((c) => c.className === written || c.aliases?.includes(written));
}

/** The store type of a class with its parameters: 'custom' for a class Conduit does not know. */
export function storeType(className: string | undefined, parameters: Readonly<Record<string, string>>): MessageStoreType {
  const spec = storeClassSpec(className);
  if (!spec) return 'custom';
  // WSO2 Message Broker's JNDI factories live in org.wso2.andes.
  if (spec.type === 'jms' && /andes/i.test(parameters['java.naming.factory.initial'] ?? '')) return 'wso2mb';
  return spec.type;
}

/**
 * Why the Conduit runtime refuses to run store `name` of this class, in the words the runtime's deploy
 * error and the editor's warning both use; undefined when it runs it.
 */
export function storeRefusal(name: string, className: string | undefined, parameters: Readonly<Record<string, string>>): string | undefined {
  const type = storeType(className, parameters);
  const what = type === 'custom' ? `custom (${className?.trim()})` : storeTypeNotRun(type);
  if (what === undefined) return undefined;
  return (
    `message store ${name}: ${what} stores are not yet supported by the embedded runtime; ` +
    `use ${EMBEDDED_STORE_CLASS} (durable, no broker), the RabbitMQ store or the in-memory store`
  );
}

/** The class a store type is written with (a WSO2 MB store is a JMS store); undefined for 'custom'. */
export function storeClassOfType(type: MessageStoreType): StoreClassSpec | undefined {
  const classType = type === 'wso2mb' ? 'jms' : type;
  return STORE_CLASS_SPECS.find((c) => c.type === classType);
}

/** How the runtime names stores of a type it does not run (e.g. 'JDBC'); undefined for the types it runs. */
export function storeTypeNotRun(type: MessageStoreType): string | undefined {
  if (type === 'custom') return 'custom';
  if (type === 'wso2mb') return 'WSO2 Message Broker (JMS)';
  return storeClassOfType(type)?.notRun;
}
