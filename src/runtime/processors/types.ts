/**
 * Message processors take messages from a store and either mediate them through a sequence
 * (sampling) or forward them to an endpoint or another store. They reach the rest of the runtime only
 * through ProcessorHost, so they can be tested with a real runtime or a small host of the test's own.
 */
import type { Logger } from '../logger';
import type { MessageStore, StoredMessage } from '../stores/types';

export interface SequenceOutcome {
  /** True when the sequence ran to its end without a fault (a drop at the end counts as completed). */
  completed: boolean;
  /** The error that sent the message to the fault handler, if one did. */
  error?: Error;
}

export interface EndpointOutcome {
  /** HTTP status of the back end's answer; undefined when none arrived. */
  status?: number;
  /** The back end's answer as a message (payload and headers), carrying the request's properties. */
  response?: StoredMessage;
  /** Transport failure (refused, reset, timeout, suspended endpoint). */
  error?: Error;
}

export interface ProcessorHost {
  readonly logger: Logger;
  store(name: string): MessageStore | undefined;
  hasSequence(name: string): boolean;
  hasEndpoint(name: string): boolean;
  /** Rebuilds a live message from the stored one and mediates it through the named sequence. */
  runSequence(name: string, message: StoredMessage): Promise<SequenceOutcome>;
  /** Sends a copy of the stored message to the named endpoint with a blocking call. */
  sendToEndpoint(name: string, message: StoredMessage): Promise<EndpointOutcome>;
}

export type ProcessorState = 'active' | 'inactive' | 'stopped';

export interface MessageProcessor {
  readonly name: string;
  /** Short type: sampling, scheduled-forwarding, failover-forwarding, custom. */
  readonly kind: string;
  readonly storeName: string;
  state(): ProcessorState;
  /** Begins scheduling (if active). */
  start(): Promise<void>;
  /** Stops scheduling and waits for the message in hand to finish; unacked messages stay stored. */
  stop(): Promise<void>;
  activate(): Promise<void>;
  deactivate(): Promise<void>;
}
