/**
 * Message Sampling Processor (`SamplingProcessor`): every tick it takes up to `concurrency` messages
 * and mediates each through `sequence`. Unlike WSO2, which acknowledges before mediating (a failed
 * sequence loses the message), Conduit acknowledges only after the sequence completes and returns a
 * failed message to the store for the next tick: at-least-once. `conduit.ack.before.mediation=true`
 * restores WSO2's behaviour.
 */
import type { Delivery, MessageConsumer } from '../stores/types';
import { MI_MIN_INTERVAL_MS, ScheduledProcessor, type ProcessorDefinition } from './scheduled-processor';
import type { ProcessorHost } from './types';


export class SamplingProcessor extends ScheduledProcessor {
  readonly kind = 'sampling';
  readonly sequence?: string;
  readonly concurrency: number;
  readonly ackFirst: boolean;
  private readonly minimumMs: number;
  private missingSequenceLogged = false;

  constructor(def: ProcessorDefinition, host: ProcessorHost) {
    super(def, host, 'SamplingProcessor');
    this.sequence = this.params.str('sequence');
    // MI falls back to 1 on a bad value
    const c = Number(this.params.str('concurrency') ?? '1');
    this.concurrency = Number.isInteger(c) && c > 0 ? c : 1;
    this.ackFirst = this.params.bool('conduit.ack.before.mediation', false);
    this.minimumMs = this.params.int('conduit.interval.minimum', MI_MIN_INTERVAL_MS, 1);
  }

  protected periodMs(): number {
    // MI's scheduler cannot go below a second and the sampler does not make up for it
    return Math.max(this.intervalMs, this.minimumMs);
  }

  protected async tick(consumer: MessageConsumer): Promise<void> {
    const seq = this.sequence;
    if (!seq || !this.host.hasSequence(seq)) {
      // WSO2 takes the message and drops it silently; Conduit leaves it stored and says why
      if (!this.missingSequenceLogged) {
        this.missingSequenceLogged = true;
        this.log('ERROR', `CONDUIT_REFERENCE_UNRESOLVED message processor ${this.name}: ${seq ? `sequence ${seq} does not exist` : 'no sequence parameter'}; messages stay in store ${this.storeName}`);
      }
      return;
    }
    this.missingSequenceLogged = false;
    const batch: Delivery[] = [];
    for (let i = 0; i < this.concurrency && this.active(); i++) {
      const d = await consumer.receive();
      if (!d) break;
      batch.push(d);
    }
    await Promise.all(batch.map((d) => this.mediate(seq, d)));
  }

  private async mediate(seq: string, d: Delivery): Promise<void> {
    const id = d.message.messageId;
    if (this.ackFirst) await d.ack();
    let outcome;
    try {
      outcome = await this.host.runSequence(seq, d.message);
    } catch (err) {
      outcome = { completed: false, error: err as Error };
    }
    if (this.ackFirst) {
      if (!outcome.completed) this.log('ERROR', `CONDUIT_PROCESSOR_SEQUENCE_FAILED message processor ${this.name}: sequence ${seq} failed for message ${id} (${outcome.error?.message ?? 'faulted'}); the message was acknowledged before mediation (conduit.ack.before.mediation) and is gone`);
      return;
    }
    if (outcome.completed) {
      await d.ack();
    } else {
      await d.nack();
      this.log('WARN', `CONDUIT_PROCESSOR_SEQUENCE_FAILED message processor ${this.name}: sequence ${seq} failed for message ${id} (${outcome.error?.message ?? 'faulted'}); the message stays in store ${this.storeName} and is retried`);
    }
  }
}
