/**
 * The one instrumentation point of the runtime. Every mediator of every flow (API resources, proxies,
 * sequences and templates, processor deliveries, tasks and inbound endpoints, and so every call, send
 * and store write, which are mediators) runs through `Flow.runFrom`, which tells an attached observer
 * before and after each one and when a fault is raised. Without an observer the flow reads one field per
 * mediator and does nothing else.
 */
import type { MessageContext } from './message';
import type { CompiledSequence, CompiledStep } from './mediators/types';

/** A sequence a message is inside of and the mediator of it that runs now (the innermost one first). */
export interface ObservedFrame {
  readonly sequence: CompiledSequence;
  readonly step: CompiledStep;
}

/** What an observer is told about one mediator. `frames` is the stack, innermost (the mediator itself) first. */
export interface MediatorEvent {
  readonly msg: MessageContext;
  readonly step: CompiledStep;
  readonly frames: readonly ObservedFrame[];
}

export interface FlowObserver {
  /** Before a mediator runs; the flow waits while the promise is pending (a breakpoint holds it here). */
  beforeMediator(event: MediatorEvent): void | Promise<void>;
  /** After a mediator ran (`go` false: it ended the flow), or threw (`error`). */
  afterMediator(event: MediatorEvent, go: boolean, error?: unknown): void;
  /** A fault is about to go to its handler; `event` is where it was raised, when that is known. */
  fault(msg: MessageContext, error: unknown, event?: MediatorEvent): void | Promise<void>;
}
