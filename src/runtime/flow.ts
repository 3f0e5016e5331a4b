/**
 * One message flow: runs compiled sequences step by step (a `call` resumes after itself simply by
 * awaiting), routes faults to the innermost handler (a sequence's onError, then the resource's
 * faultSequence, then the `fault` sequence or MI's default fault behaviour) and answers the client
 * at most once. It is the MediationEnv the mediators see.
 */
import { ConduitError } from '../model/errors';
import type { Logger } from './logger';
import { MediationFault, recordFault } from './fault';
import type { MessageContext } from './message';
import { deployEndpoint } from './endpoints/create';
import type { Endpoint, EndpointContext } from './endpoints/endpoint';
import { resolveEndpointKey } from './endpoints/reference';
import type { CallOptions, CompiledSequence, CompiledStep, CompiledTemplate, Continuation, DataMapper, EndpointRef, MediationEnv } from './mediators/types';
import type { MessageStore } from './stores/types';
import { el } from '../model/xml';
import { artifactPrefix } from './mediators/log';
import type { FlowObserver, MediatorEvent } from './observer';

/** What a flow needs from the runtime. */
export interface FlowServices {
  logger: Logger;
  sequences: ReadonlyMap<string, CompiledSequence>;
  /** Deployed sequence templates; a flow without them finds none. */
  templates?: ReadonlyMap<string, CompiledTemplate>;
  endpoints: ReadonlyMap<string, Endpoint>;
  stores: ReadonlyMap<string, MessageStore>;
  /** Store name → its failover store's name, for stores with guaranteed delivery on. */
  failovers: ReadonlyMap<string, string>;
  endpointContext: EndpointContext;
  dataMapper: DataMapper;
  /** The debugger or the trace, when one is attached (read once per mediator). */
  observer?: FlowObserver;
}

/** Answers the client; undefined for flows without one (messages taken from a store). */
export type Responder = (msg: MessageContext) => void;

const MAX_FAULT_DEPTH = 8;

/** A sequence being run for a message, and the index of the mediator that runs next in it. */
interface Frame {
  readonly sequence: CompiledSequence;
  next: number;
}

export class Flow implements MediationEnv {
  responded = false;
  /** Set once a fault handler ran; a flow that then ends without answering gets a 500. */
  faulted?: Error;
  private faultDepth = 0;
  /** Per message, the sequences it is inside of, outermost first: where a message split off it goes on. */
  private readonly stacks = new WeakMap<MessageContext, Frame[]>();
  /** Messages that went through a non-blocking call: in MI their mediation resumes from the continuation stack. */
  private readonly resumed = new WeakSet<MessageContext>();
  private readonly held = new Set<Promise<unknown>>();
  private readonly idle: Array<() => void> = [];
  private readonly answered: Array<() => void> = [];
  private readonly states = new WeakMap<object, unknown>();
  private topFault?: CompiledSequence;
  /** Where each fault was raised, for an observer (only filled while one is attached). */
  private readonly raisedAt = new WeakMap<object, MediatorEvent>();

  constructor(
    private readonly services: FlowServices,
    private readonly responder?: Responder,
    readonly outSequence?: CompiledSequence,
  ) {
    if (!responder) this.responded = true;
  }

  get logger(): Logger {
    return this.services.logger;
  }

  sequence(name: string): CompiledSequence | undefined {
    return this.services.sequences.get(name);
  }

  template(name: string): CompiledTemplate | undefined {
    return this.services.templates?.get(name);
  }

  store(name: string): MessageStore | undefined {
    return this.services.stores.get(name);
  }

  get dataMapper(): DataMapper {
    return this.services.dataMapper;
  }

  failoverStore(name: string): MessageStore | undefined {
    const failover = this.services.failovers.get(name);
    return failover === undefined ? undefined : this.services.stores.get(failover);
  }

  respond(msg: MessageContext): void {
    if (this.responded) return;
    this.responded = true;
    for (const cb of this.answered.splice(0)) cb();
    this.responder?.(msg);
  }

  onAnswered(callback: () => void): void {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      callback();
    };
    if (!this.responded) this.answered.push(once);
    this.onIdle(once);
  }

  run(sequence: CompiledSequence, msg: MessageContext): Promise<boolean> {
    return this.runFrom(sequence, msg, 0);
  }

  private async runFrom(sequence: CompiledSequence, msg: MessageContext, start: number): Promise<boolean> {
    const stack = this.stackOf(msg);
    const frame: Frame = { sequence, next: start };
    stack.push(frame);
    try {
      for (let i = start; i < sequence.steps.length; i++) {
        const step = sequence.steps[i];
        frame.next = i + 1;
        const observer = this.services.observer;
        if (observer) {
          if (!(await this.observed(observer, step, msg))) return false;
          continue;
        }
        let go: boolean;
        try {
          go = await step.module.mediate(step.config, msg, this);
        } catch (err) {
          throw located(err, step.where, step.module.name);
        }
        if (!go) return false;
      }
      return true;
    } catch (err) {
      if (!sequence.onError) throw err;
      const handler = this.sequence(sequence.onError);
      if (!handler) {
        this.logger.log('WARN', 'SequenceMediator', `onError sequence '${sequence.onError}' of sequence '${sequence.name ?? 'anonymous'}' is not deployed`);
        throw err;
      }
      await this.runFaultHandler(handler, msg, err);
      return false;
    } finally {
      stack.pop();
    }
  }

  /** One mediator run under an observer: told before and after, and told of a fault where it was raised. */
  private async observed(observer: FlowObserver, step: CompiledStep, msg: MessageContext): Promise<boolean> {
    const stack = this.stackOf(msg);
    const frames = [];
    for (let i = stack.length - 1; i >= 0; i--) frames.push({ sequence: stack[i].sequence, step: stack[i].sequence.steps[stack[i].next - 1] ?? step });
    const event: MediatorEvent = { msg, step, frames };
    await observer.beforeMediator(event);
    let go: boolean;
    try {
      go = await step.module.mediate(step.config, msg, this);
    } catch (err) {
      observer.afterMediator(event, false, err);
      if (!this.raisedAt.has(err as object) && typeof err === 'object' && err !== null) this.raisedAt.set(err, event);
      throw located(err, step.where, step.module.name);
    }
    observer.afterMediator(event, go);
    return go;
  }

  private stackOf(msg: MessageContext): Frame[] {
    let stack = this.stacks.get(msg);
    if (!stack) this.stacks.set(msg, (stack = []));
    return stack;
  }

  continuation(msg: MessageContext): Continuation {
    return [...this.stackOf(msg)].reverse().map((f) => ({ sequence: f.sequence, next: f.next }));
  }

  async runSplit(target: CompiledSequence, msg: MessageContext, after: Continuation, always = false): Promise<void> {
    // The sequences around the split point wait on the stack, so a split inside the target sees them too.
    const stack = this.stackOf(msg);
    const pending = after.map((f) => ({ ...f }));
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
    try {
      let go: boolean;
      try {
        go = await this.run(target, msg);
      } catch (err) {
        return await this.faultIn(pending, msg, err);
      }
      if (!go || (!always && !this.resumed.has(msg))) return;
      for (let i = 0; i < pending.length; i++) {
        stack.pop();
        try {
          go = await this.runFrom(pending[i].sequence, msg, pending[i].next);
        } catch (err) {
          return await this.faultIn(pending.slice(i + 1), msg, err);
        }
        if (!go) return;
      }
    } finally {
      this.stacks.delete(msg);
    }
  }

  /** A fault of a split message goes to the onError of the innermost sequence around the split point, else to the flow's fault handler. */
  private async faultIn(frames: Continuation, msg: MessageContext, err: unknown): Promise<void> {
    for (const f of frames) {
      const handler = f.sequence.onError === undefined ? undefined : this.sequence(f.sequence.onError);
      if (!handler) continue;
      try {
        await this.runFaultHandler(handler, msg, err);
        return;
      } catch (inner) {
        err = inner;
      }
    }
    await this.handleTopFault(msg, err, this.topFault);
  }

  hold(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.held.add(settled);
    void settled.then(() => this.held.delete(settled));
  }

  onIdle(callback: () => void): void {
    this.idle.push(callback);
  }

  state<T>(owner: object, create: () => T): T {
    if (!this.states.has(owner)) this.states.set(owner, create());
    return this.states.get(owner) as T;
  }

  /**
   * Resolves once nothing holds the flow open: split messages still running, aggregations waiting for
   * their timeout, and what the idle callbacks start in turn.
   */
  async settle(): Promise<void> {
    for (;;) {
      while (this.held.size > 0) await Promise.allSettled([...this.held]);
      const callbacks = this.idle.splice(0);
      if (callbacks.length === 0) return;
      for (const cb of callbacks) cb();
    }
  }

  /**
   * Runs a top-level sequence (resource inSequence, processor sequence) with `faultSequence` as the
   * outermost fault handler. Resolves to true when the sequence ran to its end without a fault.
   */
  async runTop(sequence: CompiledSequence, msg: MessageContext, faultSequence?: CompiledSequence): Promise<boolean> {
    this.topFault = faultSequence;
    try {
      return await this.run(sequence, msg);
    } catch (err) {
      await this.handleTopFault(msg, err, faultSequence);
      return false;
    } finally {
      await this.settle();
    }
  }

  private async handleTopFault(msg: MessageContext, err: unknown, faultSequence: CompiledSequence | undefined): Promise<void> {
    const handler = faultSequence ?? this.sequence('fault') ?? DEFAULT_FAULT;
    try {
      await this.runFaultHandler(handler, msg, err);
    } catch (inner) {
      // A fault inside the fault handler ends the flow; it never loops back into a handler.
      this.logger.log('ERROR', 'FaultHandler', `${prefix(msg)}the fault sequence failed too: ${describe(inner)}`);
    }
  }

  private async runFaultHandler(handler: CompiledSequence, msg: MessageContext, err: unknown): Promise<void> {
    if (++this.faultDepth > MAX_FAULT_DEPTH) throw err;
    this.faulted = err instanceof Error ? err : new Error(String(err));
    recordFault(msg, err);
    this.logger.log('ERROR', categoryOf(err), `${prefix(msg)}${describe(err)}`);
    const observer = this.services.observer;
    if (observer) await observer.fault(msg, err, typeof err === 'object' && err !== null ? this.raisedAt.get(err) : undefined);
    await this.run(handler, msg);
  }

  async callEndpoint(ref: EndpointRef | undefined, msg: MessageContext, options?: CallOptions): Promise<void> {
    const endpoint = this.resolveEndpoint(ref, msg);
    if (options && !options.blocking) this.resumed.add(msg);
    try {
      await endpoint.send(msg, { ...this.services.endpointContext, endpoints: this.services.endpoints });
    } catch (err) {
      if (options?.blocking) msg.setProperty('BLOCKING_SENDER_ERROR', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private resolveEndpoint(ref: EndpointRef | undefined, msg: MessageContext): Endpoint {
    if (!ref) {
      if (msg.to && /^https?:\/\//.test(msg.to)) return deployEndpoint(el('endpoint', {}, [el('address', { uri: msg.to })]), '<To>');
      throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `no endpoint given and the message has no To address (${msg.to ?? 'none'})`, 'CONDUIT_REFERENCE_UNRESOLVED');
    }
    if (ref.inline) return ref.inline as Endpoint;
    return resolveEndpointKey(this.services.endpoints, ref.key ?? '', ref.where);
  }
}

/** MI's default fault sequence: a full log with MESSAGE, ERROR_CODE and ERROR_MESSAGE, then drop. */
const DEFAULT_FAULT: CompiledSequence = {
  name: 'fault',
  steps: [
    {
      module: {
        name: 'defaultFault',
        parse: () => undefined,
        mediate(_c, msg, env) {
          const body = msg.payload.kind === 'json' ? `Payload: ${msg.payload.text}` : `Envelope: ${msg.payload.text}`;
          env.logger.log(
            'INFO',
            'LogMediator',
            `${prefix(msg)}To: ${msg.to ?? ''}, MessageID: ${msg.messageId}, Direction: ${msg.direction}, ` +
              `MESSAGE = Executing default 'fault' sequence, ERROR_CODE = ${String(msg.getProperty('ERROR_CODE') ?? '')}, ` +
              `ERROR_MESSAGE = ${String(msg.getProperty('ERROR_MESSAGE') ?? '')}, ${body}`,
          );
          return false;
        },
      },
      config: undefined,
      where: '<default fault sequence>',
    },
  ],
};

const LOCATED = Symbol('where');

function located(err: unknown, where: string, mediator: string): unknown {
  if (err instanceof Error && !(LOCATED in err)) Object.assign(err, { [LOCATED]: `${mediator} at ${where}` });
  return err;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = err instanceof ConduitError ? `${err.code} ` : 'CONDUIT_MEDIATION_FAILED ';
  const at = (err as { [LOCATED]?: string })[LOCATED];
  const errorCode = err instanceof MediationFault && typeof err.errorCode === 'number' ? ` (ERROR_CODE ${err.errorCode})` : '';
  return `${code}${err.message}${errorCode}${at ? ` [${at}]` : ''}`;
}

function categoryOf(err: unknown): string {
  const at = err instanceof Error ? (err as { [LOCATED]?: string })[LOCATED] : undefined;
  const mediator = at?.split(' ')[0];
  return mediator ? `${mediator[0].toUpperCase()}${mediator.slice(1)}Mediator` : 'Mediation';
}

/** `{api:NAME} ` (or `{proxy:NAME} `) as MI prefixes log lines of a message that came through an API or proxy. */
export function prefix(msg: MessageContext): string {
  return artifactPrefix(msg);
}
