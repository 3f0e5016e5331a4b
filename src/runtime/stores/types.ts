/**
 * What a message store keeps and the one interface every store implements (in-memory, embedded
 * LevelDB, RabbitMQ, failover). The runtime turns a live message into a StoredMessage at the store
 * mediator and back into a live message when a processor takes it.
 */

/** A message as persisted, following what Synapse persists (see reference §6.3). Plain JSON-able data. */
export interface StoredMessage {
  /** `urn:uuid:...`, assigned when the message is stored. */
  messageId: string;
  /** Epoch milliseconds when it was stored. */
  storedAt: number;
  payload: StoredPayload;
  /** Transport (HTTP) headers of the message at the time it was stored. */
  transportHeaders: Record<string, string>;
  /** Default-scope properties whose values are strings. */
  properties: Record<string, string>;
  /** Axis2-scope properties with primitive values (messageType, ContentType, HTTP_SC, ...). */
  axis2: Record<string, string | number | boolean>;
  /** The API or proxy the message came through, for log prefixes. */
  origin?: string;
}

export interface StoredPayload {
  kind: 'json' | 'xml' | 'text' | 'binary' | 'none';
  /** The body text; base64 for `binary`. */
  text: string;
  contentType?: string;
}

/** A message handed to a consumer. Until ack() it stays in the store and is redelivered if not acked. */
export interface Delivery {
  message: StoredMessage;
  /** True when the store knows it handed this message out before (after a crash or nack). */
  redelivered: boolean;
  /** Removes the message from the store. */
  ack(): Promise<void>;
  /** Returns the message to the store, at the head where the store can, for a later receive. */
  nack(): Promise<void>;
}

export interface MessageConsumer {
  /** The next message, or undefined when the store is empty right now. */
  receive(): Promise<Delivery | undefined>;
  /** Returns unacknowledged deliveries to the store and releases the consumer's resources. */
  close(): Promise<void>;
}

export type StoreKind = 'in-memory' | 'embedded' | 'rabbitmq' | 'jms' | 'jdbc' | 'resequence' | 'custom';

export interface MessageStore {
  readonly name: string;
  readonly kind: StoreKind;
  /** Connects or opens files. May reject with CONDUIT_STORE_UNAVAILABLE; stores that reconnect keep trying. */
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * Resolves only once the message is as durable as the store can make it (fsync'd for the embedded
   * store; confirmed by the broker when publisher confirms are on). Rejects with a ConduitError
   * (CONDUIT_STORE_UNAVAILABLE or CONDUIT_STORE_FAILED) when it was not stored.
   */
  store(message: StoredMessage): Promise<void>;
  /** A consumer for one processor. */
  consumer(): MessageConsumer;
  /** Number of messages held (including ones handed out but not yet acknowledged). */
  size(): Promise<number>;
  /** The oldest messages, without removing them. */
  browse(limit?: number): Promise<StoredMessage[]>;
  /** Removes every message; resolves with how many were removed. */
  purge(): Promise<number>;
}
