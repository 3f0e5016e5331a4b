/**
 * MI's RabbitMQ inbound endpoint: consumes a queue and runs each message through the inbound sequence.
 * Unlike MI with `rabbitmq.queue.auto.ack` true (its default), which acknowledges a message as it
 * arrives, a message is acknowledged only after its sequence completed, so one in hand when the
 * runtime dies or the connection drops is delivered again. The connection recovers after a broker
 * restart as the RabbitMQ message store's does (the same code).
 */
import type { Channel, ChannelModel, ConsumeMessage, RecoveringChannelModel } from 'amqplib';
import type { RabbitMQInboundDefinition } from '../../model/inbound-definition';
import type { MessageContext } from '../message';
import { connectRecovering, redactedUrl, type RabbitMQSettings } from '../stores/rabbitmq';
import { inboundMessage } from './inbound-message';
import type { InboundEndpoint, MessageInboundHost } from './types';

const CATEGORY = 'RabbitMQInboundEndpoint';

export class RabbitMQInboundEndpoint implements InboundEndpoint {
  private conn?: RecoveringChannelModel;
  private channel?: { ch: Channel; consumerTag: string };
  private readonly inHand = new Set<Promise<void>>();
  private readonly settings: RabbitMQSettings;

  constructor(
    readonly def: RabbitMQInboundDefinition,
    private readonly host: MessageInboundHost,
  ) {
    this.settings = {
      hosts: [def.host],
      port: def.port,
      username: def.username,
      password: def.password,
      vhost: def.vhost,
      queue: def.queue,
      exchange: def.exchange,
      routingKey: def.routingKey ?? def.queue,
      confirms: false,
      retryInterval: def.retryInterval,
    };
  }

  get name(): string {
    return this.def.name;
  }

  get source(): string {
    return `queue ${this.def.queue} on ${redactedUrl(this.settings)}`;
  }

  /** Connects and starts consuming; a broker that is down is retried in the background (logged, never thrown). */
  async start(): Promise<void> {
    if (this.conn) return;
    const { conn, connected } = await connectRecovering(this.settings, {
      logger: this.host.logger,
      category: CATEGORY,
      what: `inbound endpoint ${this.name}`,
      timeoutMs: 5000,
      setup: (model) => this.consume(model),
      onDisconnect: () => (this.channel = undefined),
    });
    this.conn = conn;
    if (!connected) {
      this.host.logger.log('ERROR', CATEGORY, `CONDUIT_INBOUND_UNAVAILABLE inbound endpoint ${this.name}: ${redactedUrl(this.settings)} is not reachable; it consumes once it is`);
    }
  }

  /** Stops consuming, waits for the messages in hand to finish their sequence (and be acknowledged), then disconnects. */
  async stop(): Promise<void> {
    const consumer = this.channel;
    this.channel = undefined;
    // cancel first, so the messages in hand can still be acknowledged on their channel
    if (consumer) await consumer.ch.cancel(consumer.consumerTag).catch(() => undefined);
    while (this.inHand.size > 0) await Promise.allSettled([...this.inHand]);
    const conn = this.conn;
    this.conn = undefined;
    if (conn) await conn.close().catch(() => undefined);
  }

  private async consume(model: ChannelModel): Promise<void> {
    const def = this.def;
    const ch = await model.createChannel();
    ch.on('error', () => {});
    if (def.declareQueue) await ch.assertQueue(def.queue, { durable: def.durable });
    else await ch.checkQueue(def.queue);
    if (def.exchange) await ch.bindQueue(def.queue, def.exchange, this.settings.routingKey);
    if (def.prefetch !== undefined) await ch.prefetch(def.prefetch);
    const { consumerTag } = await ch.consume(def.queue, (m) => {
      if (!m) {
        this.host.logger.log('WARN', CATEGORY, `CONDUIT_INBOUND_UNAVAILABLE inbound endpoint ${this.name}: the broker cancelled its consumer (queue ${def.queue} deleted?); it consumes again after the next reconnection or redeployment`);
        return;
      }
      const done = this.handle(ch, m).finally(() => this.inHand.delete(done));
      this.inHand.add(done);
    });
    this.channel = { ch, consumerTag };
  }

  /**
   * After the sequence, as MI's RabbitMQ inbound settles a message: `SET_ROLLBACK_ONLY` rejects it
   * (dead-lettered, or dropped, by the queue's policy), `SET_REQUEUE_ON_ROLLBACK` puts it back, anything
   * else acknowledges it, a fault the onError sequence handled included.
   */
  private async handle(ch: Channel, m: ConsumeMessage): Promise<void> {
    let msg: MessageContext;
    try {
      msg = this.message(m);
    } catch (err) {
      this.host.logger.log('ERROR', CATEGORY, `CONDUIT_REQUEST_MALFORMED inbound endpoint ${this.name}: a message from queue ${this.def.queue} does not parse as ${this.contentType(m)} (${(err as Error).message}); it is rejected`);
      settle(() => ch.reject(m, false));
      return;
    }
    const fault = await this.host.inject(this.def, msg);
    if (fault) this.host.logger.log('WARN', CATEGORY, `inbound endpoint ${this.name}: the flow of a message from queue ${this.def.queue} faulted: ${fault.message}`);
    if (isTrue(msg.axis2.get('SET_ROLLBACK_ONLY')) || isTrue(msg.getProperty('SET_ROLLBACK_ONLY'))) settle(() => ch.reject(m, false));
    else if (isTrue(msg.axis2.get('SET_REQUEUE_ON_ROLLBACK')) || isTrue(msg.getProperty('SET_REQUEUE_ON_ROLLBACK'))) settle(() => ch.reject(m, true));
    else settle(() => ch.ack(m));
  }

  private contentType(m: ConsumeMessage): string {
    return m.properties.contentType || this.def.contentType || 'text/plain';
  }

  private message(m: ConsumeMessage): MessageContext {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((m.properties.headers ?? {}) as Record<string, unknown>)) if (v !== undefined && v !== null) headers[k] = String(v);
    const msg = inboundMessage(this.name, m.content, this.contentType(m), headers);
    if (m.properties.messageId) msg.messageId = String(m.properties.messageId);
    if (m.properties.correlationId) msg.setProperty('rabbitmq.message.correlation.id', String(m.properties.correlationId));
    return msg;
  }
}

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** A channel that closed under the message (connection lost) cannot settle it; the broker delivers it again. */
function settle(fn: () => void): void {
  try {
    fn();
  } catch {
    // redelivered by the broker: at-least-once
  }
}
