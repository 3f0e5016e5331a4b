/**
 * Turns a `messageStore` artifact into a MessageStore, by the store catalog (current and older class
 * names). Classes the catalog says the runtime does not run get a CONDUIT_STORE_UNSUPPORTED error, in the
 * words the editor warns with, which the runtime reports as a refused artifact.
 */
import { storeClassSpec, storeRefusal } from '../../model/catalog/message-stores';
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import { EmbeddedStore } from './embedded';
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

/** Creates (but does not open) the store a definition describes. */
export function createStore(def: StoreDefinition, options: StoreFactoryOptions): MessageStore {
  const refusal = storeRefusal(def.name, def.className, def.parameters);
  if (refusal) throw new ConduitError('CONDUIT_STORE_UNSUPPORTED', refusal);
  switch (storeClassSpec(def.className)!.type) {
    case 'in-memory':
      return new InMemoryStore(def.name);
    case 'embedded':
      return new EmbeddedStore(def.name, { dataDir: options.dataDir });
    case 'rabbitmq': {
      if (!options.embeddedBroker) return new RabbitMQStore(def.name, def.parameters, { logger: options.logger });
      const store = new EmbeddedStore(def.name, { dataDir: options.dataDir });
      options.logger.log(
        'INFO',
        'MessageStoreFactory',
        `message store ${def.name}: RabbitMQ store served by the embedded durable store at ${store.location} (embedded broker mode)`,
      );
      return store;
    }
    default:
      throw new ConduitError('CONDUIT_STORE_UNSUPPORTED', `message store ${def.name}: the catalog says the runtime runs ${def.className}, but no store serves it`);
  }
}
