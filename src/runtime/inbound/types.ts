/** What the runtime holds of every inbound endpoint, whatever its protocol. */
import type { InboundDefinition } from '../../model/inbound-definition';

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
