/**
 * Turns a `messageStore` artifact into a MessageStore, mapping MI's class names (current and
 * deprecated). Types the embedded runtime cannot serve yet get a CONDUIT_STORE_UNSUPPORTED error the
 * runtime reports as a refused artifact.
 */
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import { EMBEDDED_STORE_CLASS, EmbeddedStore } from './embedded';
import { InMemoryStore } from './in-memory';
import { RabbitMQStore } from './rabbitmq';
import type { MessageStore } from './types';

export interface StoreDefinition {
  name: string;
  /** The `class` attribute; absent means the in-memory store, as in MI. */
  className?: string;
  parameters: Record<string, string>;
}

export interface StoreFactoryOptions {
  /** Folder holding the embedded stores, one sub-folder each (normally `<project>/.conduit/stores`). */
  dataDir: string;
  logger: Logger;
  /** Serve RabbitMQ stores with the embedded durable store, so a project runs without a broker. */
  embeddedBroker?: boolean;
}

const IN_MEMORY = new Set([
  'org.apache.synapse.message.store.impl.memory.InMemoryStore',
  'org.apache.synapse.message.store.InMemoryMessageStore',
]);
const RABBITMQ = new Set([
  'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore',
  // the docs spell it this way
  'org.apache.synapse.message.store.impl.rabbitmq.RabbitmqStore',
]);
const JMS = new Set([
  'org.apache.synapse.message.store.impl.jms.JmsStore',
  'org.wso2.carbon.message.store.persistence.jms.JMSMessageStore',
]);
const JDBC = 'org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore';
const RESEQUENCE = 'org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore';

function unsupported(def: StoreDefinition, what: string): ConduitError {
  return new ConduitError(
    'CONDUIT_STORE_UNSUPPORTED',
    `message store ${def.name}: ${what} stores are not yet supported by the embedded runtime; ` +
      `use ${EMBEDDED_STORE_CLASS} (durable, no broker), the RabbitMQ store or the in-memory store`,
  );
}

/** Creates (but does not open) the store a definition describes. */
export function createStore(def: StoreDefinition, options: StoreFactoryOptions): MessageStore {
  const cls = def.className?.trim() ?? '';
  if (cls === '' || IN_MEMORY.has(cls)) return new InMemoryStore(def.name);
  if (cls === EMBEDDED_STORE_CLASS) return new EmbeddedStore(def.name, { dataDir: options.dataDir });
  if (RABBITMQ.has(cls)) {
    if (options.embeddedBroker) {
      const store = new EmbeddedStore(def.name, { dataDir: options.dataDir });
      options.logger.log(
        'INFO',
        'MessageStoreFactory',
        `message store ${def.name}: RabbitMQ store served by the embedded durable store at ${store.location} (embedded broker mode)`,
      );
      return store;
    }
    return new RabbitMQStore(def.name, def.parameters, { logger: options.logger });
  }
  if (JMS.has(cls)) {
    const wso2mb = /andes/i.test(def.parameters['java.naming.factory.initial'] ?? '');
    throw unsupported(def, wso2mb ? 'WSO2 Message Broker (JMS)' : 'JMS');
  }
  if (cls === JDBC) throw unsupported(def, 'JDBC');
  if (cls === RESEQUENCE) throw unsupported(def, 'Resequence');
  throw unsupported(def, `custom (${cls})`);
}
