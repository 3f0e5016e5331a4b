/**
 * Scheduled Message Forwarding Processor: sends each stored message to `target.endpoint` with a
 * blocking call. A 2xx answer, or a status listed in `non.retry.status.codes`, is a success; the
 * answer then goes through `message.processor.reply.sequence` (MI deactivates the processor, after
 * acknowledging, when none is set and the message is not OUT_ONLY). Anything else is retried.
 */
import type { StoredMessage } from '../stores/types';
import { RetryingProcessor, type AttemptResult } from './retrying-processor';
import type { ProcessorDefinition } from './scheduled-processor';
import type { ProcessorHost } from './types';


export class ForwardingProcessor extends RetryingProcessor {
  readonly kind = 'scheduled-forwarding';
  readonly nonRetryStatusCodes: ReadonlySet<number>;
  readonly replySequence?: string;
  private readonly configuredEndpoint?: string;

  constructor(def: ProcessorDefinition, host: ProcessorHost) {
    super(def, host, 'ScheduledMessageForwardingProcessor');
    this.configuredEndpoint = this.params.str('target.endpoint') ?? def.targetEndpoint?.trim() ?? undefined;
    this.replySequence = this.params.str('message.processor.reply.sequence');
    this.nonRetryStatusCodes = new Set(
      (this.params.str('non.retry.status.codes') ?? '')
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0),
    );
  }

  protected async attempt(message: StoredMessage): Promise<AttemptResult> {
    const endpoint = this.configuredEndpoint ?? message.properties['target.endpoint'];
    if (!endpoint) return { kind: 'impossible', why: 'neither target.endpoint nor the message property target.endpoint names an endpoint' };
    if (!this.host.hasEndpoint(endpoint)) return { kind: 'impossible', why: `endpoint ${endpoint} does not exist` };

    // each attempt sends a fresh copy of the original
    const out = await this.host.sendToEndpoint(endpoint, structuredClone(message));
    if (out.status === undefined) {
      return { kind: 'failed', why: `endpoint ${endpoint}: ${out.error?.message ?? 'no response'}` };
    }
    const ok = (out.status >= 200 && out.status < 300) || this.nonRetryStatusCodes.has(out.status);
    if (!ok) return { kind: 'failed', why: `endpoint ${endpoint} answered HTTP ${out.status}`, response: out.response };
    if (message.properties['OUT_ONLY'] === 'true') return { kind: 'delivered' };
    if (!this.replySequence) {
      return { kind: 'delivered-then-deactivate', why: 'the back end answered but message.processor.reply.sequence is not set (set it, or set OUT_ONLY=true before the store mediator)' };
    }
    if (!this.host.hasSequence(this.replySequence)) {
      return { kind: 'delivered-then-deactivate', why: `reply sequence ${this.replySequence} does not exist` };
    }
    const replied = await this.runQuietly(this.replySequence, out.response ?? message);
    return replied ? { kind: 'delivered' } : { kind: 'failed', why: `reply sequence ${this.replySequence} failed`, response: out.response };
  }
}
