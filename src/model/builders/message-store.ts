/**
 * Message store types with their classes and parameters (synapse-semantics.md §6.2), and the builder that
 * writes a `<messageStore>` from filled values. Parameter names are MI's, so the files deploy on MI as well.
 */
import { storeClassOfType, storeTypeNotRun, type MessageStoreType } from '../catalog/message-stores';
import type { XmlElement } from '../xml';
import { checkInteger, checkName, checkPort, CUSTOM_CLASS_FIELDS, parseParameterList, type Field } from './fields';
import { parameter, synapseRoot } from './synapse-element';

export type { MessageStoreType } from '../catalog/message-stores';

export interface MessageStoreTypeInfo {
  type: MessageStoreType;
  label: string;
  description: string;
  /** Written as the `class` attribute (from the catalog); undefined for Custom, where the user gives it. */
  className?: string;
  /** Said beside a type the Conduit runtime does not run: written for MI, refused by `conduit run`. */
  detail?: string;
  fields: readonly Field[];
}

const text = { kind: 'text' } as const;
const password = { kind: 'password' } as const;
const bool = { kind: 'choice', options: ['false', 'true'] } as const;

const jdbcFields: readonly Field[] = [
  { name: 'store.jdbc.driver', label: 'JDBC driver class', source: text, defaultValue: 'com.mysql.jdbc.Driver', required: true },
  { name: 'store.jdbc.connection.url', label: 'Connection URL', source: text, defaultValue: 'jdbc:mysql://localhost:3306/mi_store', required: true,
    check: (v) => (v === '' || v.startsWith('jdbc:') ? undefined : 'A JDBC URL starts with "jdbc:"') },
  { name: 'store.jdbc.username', label: 'User name', source: text, defaultValue: 'root' },
  { name: 'store.jdbc.password', label: 'Password', source: password, defaultValue: '' },
  { name: 'store.jdbc.table', label: 'Table', source: text, defaultValue: 'jdbc_message_store', required: true },
];

/** Every store type a wizard offers, in the order MI's tooling lists them, with Conduit's embedded store after In-Memory. */
const WIZARD_TYPES: readonly Omit<MessageStoreTypeInfo, 'className' | 'detail'>[] = [
  {
    type: 'in-memory',
    label: 'In-Memory',
    description: 'Kept in the runtime process; lost when it stops',
    fields: [],
  },
  {
    type: 'embedded',
    label: 'Embedded (Conduit)',
    description: 'Durable in .conduit/stores, no broker (Conduit only)',
    fields: [],
  },
  {
    type: 'rabbitmq',
    label: 'RabbitMQ',
    description: 'A durable queue on a RabbitMQ broker',
    fields: [
      { name: 'store.rabbitmq.host.name', label: 'Host name', source: text, defaultValue: 'localhost', required: true },
      { name: 'store.rabbitmq.host.port', label: 'Port', source: text, defaultValue: '5672', required: true, check: checkPort },
      { name: 'store.rabbitmq.queue.name', label: 'Queue name', source: text, hint: 'Empty: the store name', defaultValue: '' },
      { name: 'store.rabbitmq.exchange.name', label: 'Exchange name', source: text, hint: 'Empty: the default exchange', defaultValue: '' },
      { name: 'store.rabbitmq.route.key', label: 'Routing key', source: text, hint: 'Empty: the queue name', defaultValue: '' },
      { name: 'store.rabbitmq.username', label: 'User name', source: text, defaultValue: 'guest' },
      { name: 'store.rabbitmq.password', label: 'Password', source: password, defaultValue: 'guest' },
      { name: 'store.rabbitmq.virtual.host', label: 'Virtual host', source: text, hint: 'Empty: "/"', defaultValue: '' },
      { name: 'store.producer.guaranteed.delivery.enable', label: 'Guaranteed delivery (publisher confirms)', source: bool, defaultValue: 'false' },
      { name: 'rabbitmq.connection.ssl.enabled', label: 'SSL', source: bool, defaultValue: 'false' },
    ],
  },
  {
    type: 'jms',
    label: 'JMS',
    description: 'A queue on a JMS broker (ActiveMQ, IBM MQ, ...)',
    fields: [
      { name: 'java.naming.factory.initial', label: 'Initial context factory', source: text,
        defaultValue: 'org.apache.activemq.jndi.ActiveMQInitialContextFactory', required: true },
      { name: 'java.naming.provider.url', label: 'Provider URL', source: text, defaultValue: 'tcp://localhost:61616', required: true },
      { name: 'store.jms.destination', label: 'Queue', source: text, hint: 'Empty: <store name>_Queue', defaultValue: '' },
      { name: 'store.jms.connection.factory', label: 'Connection factory', source: text, defaultValue: 'QueueConnectionFactory' },
      { name: 'store.jms.username', label: 'User name', source: text, defaultValue: '' },
      { name: 'store.jms.password', label: 'Password', source: password, defaultValue: '' },
      { name: 'store.jms.JMSSpecVersion', label: 'JMS API version', source: { kind: 'choice', options: ['1.1', '1.0'] }, defaultValue: '1.1' },
      { name: 'store.jms.cache.connection', label: 'Cache connection', source: bool, defaultValue: 'false' },
      { name: 'store.producer.guaranteed.delivery.enable', label: 'Guaranteed delivery', source: bool, defaultValue: 'false' },
    ],
  },
  {
    type: 'jdbc',
    label: 'JDBC',
    description: 'Rows in a database table',
    fields: jdbcFields,
  },
  {
    type: 'resequence',
    label: 'Resequence',
    description: 'JDBC store that releases messages in sequence-id order',
    fields: [
      ...jdbcFields,
      { name: 'store.resequence.id.path', label: 'Sequence id path (XPath or json-eval)', source: text, required: true,
        defaultValue: 'json-eval($.sequenceId)' },
      { name: 'store.resequence.timeout', label: 'Gap timeout (seconds)', source: text, defaultValue: '-1', check: checkInteger(0, true) },
    ],
  },
  {
    type: 'wso2mb',
    label: 'WSO2 MB',
    description: 'A queue on WSO2 Message Broker (JMS over AMQP)',
    fields: [
      { name: 'java.naming.factory.initial', label: 'Initial context factory', source: text,
        defaultValue: 'org.wso2.andes.jndi.PropertiesFileInitialContextFactory', required: true },
      { name: 'java.naming.provider.url', label: 'JNDI properties file', source: text, defaultValue: 'conf/jndi.properties', required: true },
      { name: 'connectionfactory.QueueConnectionFactory', label: 'Connection URL', source: text,
        defaultValue: "amqp://admin:admin@clientID/carbon?brokerlist='tcp://localhost:5675'", required: true,
        check: (v) => (v === '' || v.startsWith('amqp://') ? undefined : 'An AMQP URL starts with "amqp://"') },
      { name: 'store.jms.destination', label: 'Queue', source: text, hint: 'Empty: <store name>_Queue', defaultValue: '' },
      { name: 'store.jms.JMSSpecVersion', label: 'JMS API version', source: { kind: 'choice', options: ['1.1', '1.0'] }, defaultValue: '1.1' },
      { name: 'store.jms.cache.connection', label: 'Cache connection', source: bool, defaultValue: 'false' },
    ],
  },
  {
    type: 'custom',
    label: 'Custom',
    description: 'Your own MessageStore implementation',
    fields: CUSTOM_CLASS_FIELDS,
  },
];

export const MESSAGE_STORE_TYPES: readonly MessageStoreTypeInfo[] = WIZARD_TYPES.map((t) => {
  const notRun = storeTypeNotRun(t.type);
  return {
    ...t,
    className: storeClassOfType(t.type)?.className,
    detail: notRun && `Written for MI; Conduit does not run ${notRun} stores locally`,
  };
});

export function messageStoreType(type: MessageStoreType): MessageStoreTypeInfo {
  const info = MESSAGE_STORE_TYPES.find((t) => t.type === type);
  if (!info) throw new Error(`unknown message store type ${type}`);
  return info;
}

export interface MessageStoreState {
  name: string;
  type: MessageStoreType;
  /** Parameter values by parameter name; missing ones take the field's default. */
  values?: Record<string, string>;
}

/** Fields whose value stays out of the file when left empty, so MI applies its own default. */
const OMIT_WHEN_EMPTY = new Set([
  'store.rabbitmq.queue.name',
  'store.rabbitmq.exchange.name',
  'store.rabbitmq.route.key',
  'store.jms.destination',
  'store.jms.username',
  'store.jms.password',
]);

/** Builds the `<messageStore>` element for a store of the given type. */
export function buildMessageStore(state: MessageStoreState): XmlElement {
  const problem = checkName(state.name);
  if (problem) throw new Error(`message store name: ${problem}`);
  const info = messageStoreType(state.type);
  const values = state.values ?? {};
  const value = (f: Field) => values[f.name] ?? f.defaultValue ?? '';
  const params: XmlElement[] = [];
  let className = info.className;
  if (info.type === 'custom') {
    className = value(info.fields[0]).trim();
    for (const [n, v] of parseParameterList(value(info.fields[1]))) params.push(parameter(n, v));
  } else {
    for (const f of info.fields) {
      const v = value(f);
      if (v === '' && OMIT_WHEN_EMPTY.has(f.name)) continue;
      params.push(parameter(f.name, v));
    }
  }
  return synapseRoot('messageStore', { name: state.name, class: className }, params);
}
