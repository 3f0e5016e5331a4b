/**
 * The RabbitMQ store (`org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore`) on amqplib, with
 * MI's parameters and topology: a durable queue, an optional durable direct exchange bound with the
 * routing key, persistent messages, a basic.get consumer that acknowledges after processing. The
 * connection recovers with backoff after a broker restart; while it is down store() rejects at once.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { Channel, ChannelModel, ConfirmChannel, Message, Options, RecoveringChannelModel } from 'amqplib';
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import type { Delivery, MessageConsumer, MessageStore, StoredMessage, StoreKind } from './types';

/** How long receive() waits for a message already pushed before it asks the broker whether any is ready. */
const ARRIVAL_GRACE_MS = 3;
const CATEGORY = 'RabbitMQStore';
const MESSAGE_TYPE = 'conduit.stored-message.v1';

/** The store's settings, read from MI's parameters. */
export interface RabbitMQSettings {
  hosts: string[];
  port: number;
  username: string;
  password: string;
  vhost: string;
  queue: string;
  exchange?: string;
  routingKey: string;
  confirms: boolean;
  /** Upper bound of the reconnect backoff, ms. */
  retryInterval: number;
  tls?: ConnectionOptions;
}

function param(p: Record<string, string>, name: string, fallback: string): string {
  // MI uses StringUtils.defaultIfEmpty, so an empty parameter means the default.
  const v = p[name]?.trim();
  return v ? v : fallback;
}

function intParam(p: Record<string, string>, storeName: string, name: string, fallback: number): number {
  const raw = param(p, name, String(fallback));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new ConduitError('CONDUIT_STORE_CONFIG_INVALID', `message store ${storeName}: ${name} must be a whole number, got "${raw}"`);
  }
  return n;
}

/** Reads MI's `store.rabbitmq.*` and `rabbitmq.connection.*` parameters. */
export function rabbitSettings(storeName: string, p: Record<string, string>): RabbitMQSettings {
  const queue = param(p, 'store.rabbitmq.queue.name', storeName);
  const exchange = p['store.rabbitmq.exchange.name']?.trim() || undefined;
  return {
    hosts: param(p, 'store.rabbitmq.host.name', 'localhost').split(',').map((h) => h.trim()).filter(Boolean),
    port: intParam(p, storeName, 'store.rabbitmq.host.port', 5672),
    username: param(p, 'store.rabbitmq.username', 'guest'),
    password: param(p, 'store.rabbitmq.password', 'guest'),
    vhost: param(p, 'store.rabbitmq.virtual.host', '/'),
    queue,
    exchange,
    routingKey: param(p, 'store.rabbitmq.route.key', queue),
    confirms: param(p, 'store.producer.guaranteed.delivery.enable', 'false').toLowerCase() === 'true',
    retryInterval: Math.max(100, intParam(p, storeName, 'rabbitmq.connection.retry.interval', 30000)),
    tls: param(p, 'rabbitmq.connection.ssl.enabled', 'false').toLowerCase() === 'true' ? tlsOptions(storeName, p) : undefined,
  };
}

/**
 * Node reads PKCS#12 key stores and PEM trust stores; Java key stores (JKS) it cannot, so those get a
 * clear error naming the conversion instead of a TLS failure at connect time.
 */
function tlsOptions(storeName: string, p: Record<string, string>): ConnectionOptions {
  const fail = (msg: string): never => {
    throw new ConduitError('CONDUIT_STORE_CONFIG_INVALID', `message store ${storeName}: ${msg}`);
  };
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      return fail(`cannot read the ${what} ${path}: ${(err as Error).message}`);
    }
  };
  const out: ConnectionOptions = {};
  const ks = p['rabbitmq.connection.ssl.keystore.location']?.trim();
  if (ks) {
    const type = param(p, 'rabbitmq.connection.ssl.keystore.type', 'PKCS12').toUpperCase();
    if (type === 'PKCS12' || type === 'PFX') {
      out.pfx = read(ks, 'key store');
      out.passphrase = p['rabbitmq.connection.ssl.keystore.password'];
    } else if (type === 'PEM') {
      const pem = read(ks, 'key store');
      out.cert = pem;
      out.key = pem;
      out.passphrase = p['rabbitmq.connection.ssl.keystore.password'];
    } else {
      fail(`key store type ${type} cannot be read by the embedded runtime; convert it to PKCS12 (keytool -importkeystore -deststoretype PKCS12) or PEM`);
    }
  }
  const ts = p['rabbitmq.connection.ssl.truststore.location']?.trim();
  if (ts) {
    const type = param(p, 'rabbitmq.connection.ssl.truststore.type', /\.(pem|crt|cer)$/i.test(ts) ? 'PEM' : 'JKS').toUpperCase();
    if (type !== 'PEM') {
      fail(`trust store type ${type} cannot be read by the embedded runtime; export its CA certificates as PEM (keytool -exportcert -rfc) and set rabbitmq.connection.ssl.truststore.type to PEM`);
    }
    out.ca = read(ts, 'trust store');
  }
  const version = p['rabbitmq.connection.ssl.version']?.trim();
  if (version) {
    const v = ({ 'TLSV1.2': 'TLSv1.2', 'TLSV1.3': 'TLSv1.3', TLS: undefined, SSL: undefined } as Record<string, string | undefined>)[version.toUpperCase()];
    if (v) out.minVersion = v as ConnectionOptions['minVersion'];
    else if (!['TLS', 'SSL'].includes(version.toUpperCase())) fail(`rabbitmq.connection.ssl.version ${version} is not supported; use TLSv1.2 or TLSv1.3`);
  }
  return out;
}

/** `amqp://user:***@host:port/vhost`: the broker address as logs may show it. */
export function redactedUrl(s: RabbitMQSettings): string {
  return `${s.tls ? 'amqps' : 'amqp'}://${encodeURIComponent(s.username)}:***@${s.hosts[0]}:${s.port}/${encodeURIComponent(s.vhost)}`;
}

function unavailable(store: string, why: string, cause?: unknown): ConduitError {
  return new ConduitError('CONDUIT_STORE_UNAVAILABLE', `message store ${store}: ${why}`, { cause });
}

function decode(msg: Message): StoredMessage | undefined {
  try {
    const m = JSON.parse(msg.content.toString('utf8')) as StoredMessage;
    if (m && typeof m.messageId === 'string' && m.payload && typeof m.payload.kind === 'string') return m;
  } catch {
    // falls through: not a message this store wrote
  }
  return undefined;
}

/** What purge() and browse() need from a live consumer. */
interface ConsumerHandle {
  /** Resolves once every message the broker has pushed to the consumer so far is in its buffer. */
  settle(): Promise<void>;
  /** Messages pushed to the consumer and not yet handed out, oldest first. */
  buffered(): StoredMessage[];
  /** Acknowledges the buffered messages, removing them; resolves with how many. */
  discardBuffered(): number;
}

export interface RecoveringConnectOptions {
  logger: Logger;
  /** Log category, e.g. `RabbitMQStore`. */
  category: string;
  /** What connects, for log lines: `message store S`, `inbound endpoint I`. */
  what: string;
  /** How long to wait for the first connection before resolving and retrying in the background. */
  timeoutMs: number;
  /** Declares what the connection needs; runs on every (re)connection, before it counts as connected. */
  setup(model: ChannelModel): Promise<void>;
  onConnect?(): void;
  onDisconnect?(): void;
}

/**
 * Connects with amqplib's recovery: after a broker restart or a lost connection it reconnects with
 * backoff up to the settings' retry interval and runs `setup` again. Connecting, losing and failing are
 * logged with the broker address without the password. Resolves once connected, or after the timeout
 * with `connected` false while it keeps trying.
 */
export async function connectRecovering(s: RabbitMQSettings, o: RecoveringConnectOptions): Promise<{ conn: RecoveringChannelModel; connected: boolean }> {
  if (s.hosts.length > 1) o.logger.log('WARN', o.category, `${o.what}: several hosts are listed; Conduit connects to the first, ${s.hosts[0]}`);
  const url: Options.Connect = {
    protocol: s.tls ? 'amqps' : 'amqp',
    hostname: s.hosts[0],
    port: s.port,
    username: s.username,
    password: s.password,
    vhost: s.vhost,
    heartbeat: 10,
  };
  // Loaded on first use, so projects without RabbitMQ do not load amqplib at start-up.
  const { connect } = require('amqplib') as typeof import('amqplib');
  const conn = await connect(url, {
    ...(s.tls ?? {}),
    // an ack followed by basic.get is two small writes; Nagle would hold the second ~40 ms
    noDelay: true,
    recovery: {
      waitForConnect: false,
      initialDelay: Math.min(200, s.retryInterval),
      maxDelay: s.retryInterval,
      maxRetries: Infinity,
      setup: (model: ChannelModel) => o.setup(model),
    },
  });
  let wasConnected = false;
  conn.on('connect', () => {
    o.onConnect?.();
    const again = wasConnected;
    wasConnected = true;
    o.logger.log('INFO', o.category, `${o.what}: ${again ? 'reconnected to' : 'connected to'} ${redactedUrl(s)}, queue ${s.queue}`);
  });
  conn.on('disconnect', (err: Error) => {
    o.onDisconnect?.();
    o.logger.log('WARN', o.category, `${o.what}: lost the connection to ${redactedUrl(s)} (${err.message}); reconnecting`);
  });
  conn.on('connect-failed', (err: Error) => {
    o.logger.log('WARN', o.category, `${o.what}: cannot connect to ${redactedUrl(s)}: ${err.message}; retrying`);
  });
  conn.on('error', () => {
    // a close event follows every connection error, and recovery handles it there
  });
  let timer: NodeJS.Timeout | undefined;
  const connected = await Promise.race([
    conn.waitForConnect().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), o.timeoutMs))),
  ]);
  clearTimeout(timer);
  return { conn, connected };
}

export interface RabbitMQStoreOptions {
  logger: Logger;
  /** How long open() waits for the first connection before resolving and retrying in the background. */
  connectTimeoutMs?: number;
  /** How long store() waits for a publisher confirm. */
  confirmTimeoutMs?: number;
}

export class RabbitMQStore implements MessageStore {
  readonly kind: StoreKind = 'rabbitmq';
  readonly settings: RabbitMQSettings;
  private conn?: RecoveringChannelModel;
  private model?: ChannelModel;
  private publisher?: Channel | ConfirmChannel;
  /** Bumped on every (re)connect; consumers drop channels of an older connection. */
  private epoch = 0;
  /** Messages this runtime's consumers hold: pushed and buffered, or handed out and not yet settled. */
  private inFlight = 0;
  private readonly consumers = new Set<ConsumerHandle>();
  private readonly logger: Logger;

  constructor(
    readonly name: string,
    parameters: Record<string, string>,
    private readonly options: RabbitMQStoreOptions,
  ) {
    this.settings = rabbitSettings(name, parameters);
    this.logger = options.logger;
    if (this.settings.hosts.length === 0) {
      throw new ConduitError('CONDUIT_STORE_CONFIG_INVALID', `message store ${name}: store.rabbitmq.host.name is empty`);
    }
  }

  /** True while a connection with declared topology is up. */
  get connected(): boolean {
    return this.publisher !== undefined;
  }

  async open(): Promise<void> {
    if (this.conn) return;
    const s = this.settings;
    const { conn, connected } = await connectRecovering(s, {
      logger: this.logger,
      category: CATEGORY,
      what: `message store ${this.name}`,
      timeoutMs: this.options.connectTimeoutMs ?? 5000,
      setup: (model) => this.setup(model),
      onConnect: () => this.epoch++,
      onDisconnect: () => {
        this.publisher = undefined;
        this.model = undefined;
      },
    });
    this.conn = conn;
    if (!connected) {
      this.logger.log('ERROR', CATEGORY, `CONDUIT_STORE_UNAVAILABLE message store ${this.name}: ${redactedUrl(s)} is not reachable; messages cannot be stored until it is`);
    }
  }

  private async setup(model: ChannelModel): Promise<void> {
    const s = this.settings;
    const ch = s.confirms ? await model.createConfirmChannel() : await model.createChannel();
    ch.on('error', () => {});
    await this.declare(ch);
    ch.on('close', () => {
      if (this.publisher === ch) this.publisher = undefined;
    });
    this.model = model;
    this.publisher = ch;
  }

  /** MI's topology: durable queue; a durable direct exchange unless amq.*; the binding. */
  private async declare(ch: Channel): Promise<void> {
    const s = this.settings;
    await ch.assertQueue(s.queue, { durable: true, exclusive: false, autoDelete: false });
    if (s.exchange) {
      if (!s.exchange.startsWith('amq.')) await ch.assertExchange(s.exchange, 'direct', { durable: true });
      // Bound for amq.* exchanges too, so a message published there is never unroutable.
      await ch.bindQueue(s.queue, s.exchange, s.routingKey);
    }
  }

  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.publisher = undefined;
    this.model = undefined;
    if (conn) await conn.close().catch(() => {});
  }

  async store(message: StoredMessage): Promise<void> {
    const ch = this.publisher;
    if (!ch) throw unavailable(this.name, `not connected to ${redactedUrl(this.settings)}; the message was not stored`);
    const s = this.settings;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const props: Options.Publish = {
      messageId: message.messageId,
      persistent: true,
      contentType: 'application/json',
      type: MESSAGE_TYPE,
      timestamp: Math.floor(message.storedAt / 1000),
    };
    if (!s.confirms) {
      try {
        ch.publish(s.exchange ?? '', s.routingKey, body, props);
      } catch (err) {
        throw unavailable(this.name, `publish failed: ${(err as Error).message}`, err);
      }
      return;
    }
    const confirmTimeout = this.options.confirmTimeoutMs ?? 30_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(unavailable(this.name, `the broker did not confirm the message within ${confirmTimeout} ms`)),
        confirmTimeout,
      );
      try {
        (ch as ConfirmChannel).publish(s.exchange ?? '', s.routingKey, body, props, (err) => {
          clearTimeout(timer);
          if (err) reject(new ConduitError('CONDUIT_STORE_FAILED', `message store ${this.name}: the broker refused the message: ${err.message ?? err}`, { cause: err }));
          else resolve();
        });
      } catch (err) {
        clearTimeout(timer);
        reject(unavailable(this.name, `publish failed: ${(err as Error).message}`, err));
      }
    });
  }

  /** A short-lived channel for one administrative operation. */
  private async withChannel<T>(fn: (ch: Channel) => Promise<T>): Promise<T> {
    const model = this.model;
    if (!model) throw unavailable(this.name, `not connected to ${redactedUrl(this.settings)}`);
    let ch: Channel;
    try {
      ch = await model.createChannel();
    } catch (err) {
      throw unavailable(this.name, (err as Error).message, err);
    }
    ch.on('error', () => {});
    try {
      return await fn(ch);
    } finally {
      await ch.close().catch(() => {});
    }
  }

  /**
   * A consumer subscribes with basic.consume, prefetch 1 and manual acknowledgement, so the broker pushes
   * the next message as soon as the previous one is acknowledged, instead of a basic.get round trip per
   * message. The message pushed but not yet handed out is buffered; it counts in size(), browse() shows
   * it, and closing the consumer (or losing the channel) returns it to the queue with the one in hand.
   */
  consumer(): MessageConsumer {
    const queue = this.settings.queue;
    let ch: Channel | undefined;
    let chEpoch = -1;
    let subscribed = false;
    let closed = false;
    const buffer: Message[] = [];
    const pending = new Set<Message>();
    let wake: (() => void) | undefined;

    // The broker returns whatever was delivered on a closed channel to the queue.
    const drop = (c: Channel) => {
      if (ch !== c) return;
      ch = undefined;
      subscribed = false;
      this.inFlight -= buffer.length + pending.size;
      buffer.length = 0;
      pending.clear();
      wake?.();
    };
    const channel = async (): Promise<Channel> => {
      if (ch && (chEpoch !== this.epoch || !this.model)) drop(ch);
      const model = this.model;
      if (!model) throw unavailable(this.name, `not connected to ${redactedUrl(this.settings)}`);
      let c = ch;
      try {
        if (!c) {
          c = await model.createChannel();
          c.on('error', () => {});
          const created = c;
          c.on('close', () => drop(created));
          ch = c;
          chEpoch = this.epoch;
          await c.prefetch(1);
        }
        if (!subscribed) {
          subscribed = true;
          const own = c;
          await c.consume(
            queue,
            (msg) => {
              if (ch !== own) return;
              if (!msg) {
                // the broker cancelled the subscription (queue deleted): start over on the next receive
                void own.close().catch(() => {});
                drop(own);
                return;
              }
              buffer.push(msg);
              this.inFlight++;
              wake?.();
            },
            { noAck: false },
          );
        }
      } catch (err) {
        if (c) drop(c);
        throw unavailable(this.name, `receive failed: ${(err as Error).message}`, err);
      }
      return c;
    };
    /** Resolves once a message is buffered, the channel is gone, or `ms` passed. */
    const arrival = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => done(), ms);
        const done = () => {
          clearTimeout(t);
          wake = undefined;
          resolve();
        };
        wake = done;
      });
    const readyCount = async (c: Channel): Promise<number> => {
      try {
        return (await c.checkQueue(queue)).messageCount;
      } catch (err) {
        throw unavailable(this.name, `receive failed: ${(err as Error).message}`, err);
      }
    };
    /** The next pushed message, or undefined once the queue has nothing ready for this consumer. */
    const next = async (c: Channel): Promise<Message | undefined> => {
      if (buffer.length > 0) return buffer.shift();
      // A message already on its way (pushed when the previous one was acknowledged) ends the wait as
      // soon as it lands; the queries only decide the case where nothing comes.
      const arrived = arrival(1000);
      const proof = (async () => {
        // The push that follows an acknowledgement usually lands within a millisecond: give it that long
        // before asking the broker, so a steady drain costs no query per message.
        await Promise.race([arrived, new Promise((r) => setTimeout(r, ARRIVAL_GRACE_MS))]);
        if (buffer.length > 0) return;
        let ready = await readyCount(c);
        if (buffer.length === 0 && ready === 0 && ch === c) {
          // The broker may have pushed a message just before answering (its queue process sends the
          // delivery ahead of the reply, but the channel writes the reply first). A second query is
          // answered only after that delivery was written, so an empty buffer then means an empty queue.
          ready = await readyCount(c);
        }
        // Ready messages go to consumers in turn; with other consumers on the queue ours may come later.
        if (ready > 0) await arrived;
      })();
      proof.catch(() => {}); // when the message came first, a later failure of the queries does not matter
      try {
        await Promise.race([arrived, proof]);
      } finally {
        wake?.();
      }
      return buffer.shift();
    };
    const consumer = {
      receive: async (): Promise<Delivery | undefined> => {
        if (closed) return undefined;
        for (;;) {
          const c = await channel();
          let msg: Message | undefined;
          if (buffer.length === 0 && pending.size > 0) {
            // Prefetch 1 is used by the message in hand (a sampling processor taking several per tick).
            let got: Message | false;
            try {
              got = await c.get(queue, { noAck: false });
            } catch (err) {
              throw unavailable(this.name, `receive failed: ${(err as Error).message}`, err);
            }
            if (!got) return undefined;
            if (ch !== c) continue;
            this.inFlight++;
            msg = got;
          } else {
            msg = await next(c);
            if (!msg) {
              if (ch !== c && !closed) continue;
              return undefined;
            }
          }
          const message = decode(msg);
          if (!message) {
            // Like MI: a body this store cannot read is acknowledged and skipped, so it cannot block the queue.
            this.logger.log('ERROR', CATEGORY, `message store ${this.name}: skipped a message that is not a Conduit stored message (${msg.content.length} bytes, id ${msg.properties.messageId ?? 'none'})`);
            this.inFlight--;
            c.ack(msg);
            continue;
          }
          pending.add(msg);
          return this.delivery(c, msg, message, pending);
        }
      },
      close: async () => {
        closed = true;
        this.consumers.delete(handle);
        const c = ch;
        if (c) {
          drop(c);
          // Closing the channel returns every unacknowledged message to the queue.
          await c.close().catch(() => {});
        }
      },
    };
    const handle: ConsumerHandle = {
      buffered: () => buffer.map(decode).filter((m): m is StoredMessage => m !== undefined),
      settle: async () => {
        const c = ch;
        if (!c || !subscribed) return;
        // two queries on the consumer's channel, for the reason given in next()
        await readyCount(c).catch(() => 0);
        await readyCount(c).catch(() => 0);
      },
      discardBuffered: () => {
        const c = ch;
        if (!c) return 0;
        const n = buffer.length;
        for (const m of buffer.splice(0)) c.ack(m);
        this.inFlight -= n;
        return n;
      },
    };
    this.consumers.add(handle);
    return consumer;
  }

  private delivery(ch: Channel, msg: Message, message: StoredMessage, pending: Set<Message>): Delivery {
    let settled = false;
    const settle = (op: () => void, what: string): Promise<void> => {
      if (settled) return Promise.resolve();
      settled = true;
      if (pending.delete(msg)) this.inFlight--;
      try {
        op();
      } catch (err) {
        // The channel is gone, and with it the delivery: the broker has requeued the message.
        return Promise.reject(unavailable(this.name, `${what} failed, the message will be delivered again: ${(err as Error).message}`, err));
      }
      return Promise.resolve();
    };
    return {
      message,
      redelivered: msg.fields.redelivered,
      ack: () => settle(() => ch.ack(msg), 'acknowledge'),
      nack: () => settle(() => ch.nack(msg, false, true), 'return'),
    };
  }

  /** Waits until the messages pushed to consumers are in their buffers, where size, browse and purge see them. */
  private async settleConsumers(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.settle()));
  }

  async size(): Promise<number> {
    await this.settleConsumers();
    const q = await this.withChannel((ch) => ch.checkQueue(this.settings.queue));
    return q.messageCount + this.inFlight;
  }

  /**
   * Messages buffered by consumers come first (they are the oldest not handed out); then gets up to
   * `limit` messages and closes the channel, which returns them to their places in the queue.
   */
  async browse(limit = 100): Promise<StoredMessage[]> {
    await this.settleConsumers();
    const buffered = [...this.consumers].flatMap((c) => c.buffered()).slice(0, limit);
    return this.withChannel(async (ch) => {
      const out: StoredMessage[] = buffered;
      while (out.length < limit) {
        const msg = await ch.get(this.settings.queue, { noAck: false });
        if (!msg) break;
        const m = decode(msg);
        if (m) out.push(m);
      }
      return out;
    });
  }

  async purge(): Promise<number> {
    // Once settled, a consumer holding a buffered message has used its prefetch and is pushed nothing
    // more, so after the purge nothing is left to push when its buffered message is acknowledged.
    await this.settleConsumers();
    const r = await this.withChannel((ch) => ch.purgeQueue(this.settings.queue));
    let discarded = 0;
    for (const c of this.consumers) discarded += c.discardBuffered();
    return r.messageCount + discarded;
  }
}
