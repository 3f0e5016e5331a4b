/**
 * Failover Scheduled Message Forwarding Processor: moves each message from the failover store back
 * into `message.target.store.name` (the primary store of guaranteed delivery) once that store takes
 * messages again.
 */
import { ConduitError } from '../../model/errors';
import type { StoredMessage } from '../stores/types';
import { RetryingProcessor, type AttemptResult } from './retrying-processor';
import type { ProcessorDefinition } from './scheduled-processor';
import type { ProcessorHost } from './types';


export class FailoverForwardingProcessor extends RetryingProcessor {
  readonly kind = 'failover-forwarding';
  readonly targetStore: string;

  constructor(def: ProcessorDefinition, host: ProcessorHost) {
    super(def, host, 'FailoverScheduledMessageForwardingProcessor');
    const target = this.params.str('message.target.store.name');
    if (!target) {
      throw new ConduitError('CONDUIT_PROCESSOR_CONFIG_INVALID', `message processor ${def.name}: message.target.store.name is required`);
    }
    this.targetStore = target;
  }

  /** The docs: `-1` deactivates after the first failed attempt. */
  protected override exhausted(attempts: number): boolean {
    return this.maxAttempts < 0 ? attempts >= 1 : super.exhausted(attempts);
  }

  protected async attempt(message: StoredMessage): Promise<AttemptResult> {
    const store = this.host.store(this.targetStore);
    if (!store) return { kind: 'impossible', why: `target store ${this.targetStore} does not exist` };
    try {
      await store.store(structuredClone(message));
      return { kind: 'delivered' };
    } catch (err) {
      return { kind: 'failed', why: `target store ${this.targetStore}: ${(err as Error).message}` };
    }
  }
}
