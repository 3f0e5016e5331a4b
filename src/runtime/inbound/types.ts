/** What the runtime holds of every inbound endpoint, whatever its protocol, and what the non-HTTP ones reach of it. */
import type { InboundDefinition } from '../../model/inbound-definition';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';

export interface InboundEndpoint {
  readonly name: string;
  readonly def: InboundDefinition;
  /** Where it takes messages from, for the start-up line (no password). */
  readonly source: string;
  /** Starts taking messages; rejects when it cannot (an HTTP port that is taken). */
  start(): Promise<void>;
  /** Stops taking messages and resolves once the messages in hand are done. */
  stop(): Promise<void>;
}

/** What a consuming or polling inbound endpoint reaches of the runtime. */
export interface MessageInboundHost {
  readonly logger: Logger;
  /** Runs the message through the inbound's sequence (or the main one); resolves to the fault that ended it, if any. */
  inject(inbound: InboundDefinition, msg: MessageContext): Promise<Error | undefined>;
}
