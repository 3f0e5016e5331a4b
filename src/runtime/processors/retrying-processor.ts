/**
 * The delivery loop the two forwarding processors share (`ForwardingService`): one message at a time,
 * retried `client.retry.interval` apart until it succeeds (head-of-line: later messages wait). After
 * `max.delivery.attempts` failures the message is dropped (`max.delivery.drop=Enabled`), moved to
 * `message.processor.failMessagesStore`, or else the processor deactivates and the message stays.
 */
import { ConduitError } from '../../model/errors';
import type { Delivery, MessageConsumer, StoredMessage } from '../stores/types';
import { ScheduledProcessor, type ProcessorDefinition } from './scheduled-processor';
import type { ProcessorHost } from './types';

/** What one attempt to deliver a message came to. */
export type AttemptResult =
  | { kind: 'delivered' }
  /** Delivered, but the processor must deactivate afterwards (MI: no reply sequence). */
  | { kind: 'delivered-then-deactivate'; why: string }
  | { kind: 'failed'; why: string; response?: StoredMessage }
  /** Cannot be attempted at all (no target): deactivate, keep the message. */
  | { kind: 'impossible'; why: string };

export abstract class RetryingProcessor extends ScheduledProcessor {
  readonly retryIntervalMs: number;
  readonly maxAttempts: number;
  readonly dropAfterAttempts: boolean;
  readonly failStore?: string;
  readonly faultSequence?: string;
  readonly deactivateSequence?: string;
  /** Failed attempts on the message at the head, as MI counts them. */
  private attempts = 0;

  constructor(def: ProcessorDefinition, host: ProcessorHost, category: string) {
    super(def, host, category);
    this.retryIntervalMs = this.params.int('client.retry.interval', 1000, 0);
    this.maxAttempts = this.params.int('max.delivery.attempts', 4);
    this.dropAfterAttempts = this.params.bool('max.delivery.drop', false);
    this.failStore = this.params.str('message.processor.failMessagesStore');
    this.faultSequence = this.params.str('message.processor.fault.sequence');
    this.deactivateSequence = this.params.str('message.processor.deactivate.sequence');
  }

  protected abstract attempt(message: StoredMessage): Promise<AttemptResult>;

  /** Whether failures have used up the attempts; the failover processor reads `-1` differently. */
  protected exhausted(attempts: number): boolean {
    return this.maxAttempts > 0 && attempts >= this.maxAttempts;
  }

  protected periodMs(): number {
    // MI's forwarding service loops inside a one-second task to honour a shorter interval
    return this.intervalMs;
  }

  protected async tick(consumer: MessageConsumer): Promise<void> {
    do {
      const d = await consumer.receive();
      if (!d) return;
      await this.deliver(d);
      // Under cron a firing drains the store. In interval mode MI's forwarding service sleeps `interval`
      // between messages, so interval 0 drains without pausing; otherwise one message per tick.
    } while ((this.cronExpression || this.intervalMs === 0) && this.active());
  }

  private async deliver(d: Delivery): Promise<void> {
    const id = d.message.messageId;
    for (;;) {
      let r: AttemptResult;
      try {
        r = await this.attempt(d.message);
      } catch (err) {
        r = { kind: 'failed', why: (err as Error).message };
      }
      if (r.kind === 'delivered' || r.kind === 'delivered-then-deactivate') {
        await d.ack();
        this.attempts = 0;
        this.log('DEBUG', `message processor ${this.name} delivered message ${id}`);
        if (r.kind === 'delivered-then-deactivate') await this.deactivateKeeping(d.message, r.why);
        return;
      }
      if (r.kind === 'impossible') {
        await d.nack();
        await this.deactivateKeeping(d.message, r.why);
        return;
      }
      this.attempts++;
      const of = this.maxAttempts > 0 ? ` of ${this.maxAttempts}` : '';
      this.log('WARN', `CONDUIT_PROCESSOR_DELIVERY_FAILED message processor ${this.name} failed to deliver message ${id} (attempt ${this.attempts}${of}): ${r.why}`);
      if (this.faultSequence) await this.runQuietly(this.faultSequence, r.response ?? d.message);
      if (this.exhausted(this.attempts)) {
        this.attempts = 0;
        await this.onExhausted(d);
        return;
      }
      if (!(await this.sleep(this.retryIntervalMs)) || !this.active()) {
        // stopping or deactivated while waiting: the message goes back, untouched
        await d.nack();
        return;
      }
    }
  }

  private async onExhausted(d: Delivery): Promise<void> {
    const id = d.message.messageId;
    if (this.dropAfterAttempts && this.maxAttempts > 0) {
      await d.ack();
      this.log('WARN', `CONDUIT_PROCESSOR_DELIVERY_FAILED message processor ${this.name} failed to deliver message ${id} ${this.maxAttempts} times; dropped it (max.delivery.drop) and continues`);
      return;
    }
    if (this.failStore) {
      const store = this.host.store(this.failStore);
      try {
        if (!store) throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `store ${this.failStore} does not exist`);
        await store.store(structuredClone(d.message));
        await d.ack();
        this.log('WARN', `CONDUIT_PROCESSOR_DELIVERY_FAILED message processor ${this.name} failed to deliver message ${id}; moved it to store ${this.failStore} and continues`);
        return;
      } catch (err) {
        await d.nack();
        await this.deactivateKeeping(d.message, `message ${id} could not be moved to fail store ${this.failStore}: ${(err as Error).message}`);
        return;
      }
    }
    await d.nack();
    await this.deactivateKeeping(d.message, `message ${id} could not be delivered after ${this.maxAttempts} attempts`);
  }

  private async deactivateKeeping(message: StoredMessage, why: string): Promise<void> {
    this.deactivateFromTick('CONDUIT_PROCESSOR_DEACTIVATED', why);
    if (this.deactivateSequence) await this.runQuietly(this.deactivateSequence, message);
  }

  /** Runs a fault, reply or deactivate sequence; a missing or failing one is logged, never thrown. */
  protected async runQuietly(sequence: string, message: StoredMessage): Promise<boolean> {
    if (!this.host.hasSequence(sequence)) {
      this.log('WARN', `message processor ${this.name}: sequence ${sequence} does not exist`);
      return false;
    }
    try {
      const out = await this.host.runSequence(sequence, message);
      if (!out.completed) this.log('WARN', `message processor ${this.name}: sequence ${sequence} failed: ${out.error?.message ?? 'faulted'}`);
      return out.completed;
    } catch (err) {
      this.log('WARN', `message processor ${this.name}: sequence ${sequence} failed: ${(err as Error).message}`);
      return false;
    }
  }
}
