/**
 * Failover and load-balance groups, as Synapse's FailoverEndpoint and LoadbalanceEndpoint. A group
 * picks a ready member (not suspended, by the member's own suspension settings) and sends through it;
 * when the send fails at the transport (refused, reset, timeout) and the member's retryConfig allows
 * it, the next member gets the same message. HTTP error answers are answers: they never fail over.
 * Unlike Synapse, which re-enters the group until no member is ready, each member is tried at most
 * once per message, so members whose failures do not suspend them cannot loop forever.
 */
import { MediationFault, SYNAPSE_ERRORS } from '../fault';
import type { MessageContext } from '../message';
import type { GroupDefinition } from './definition';
import type { Endpoint, EndpointContext } from './endpoint';

type Candidate = (index: number) => boolean;

abstract class EndpointGroup implements Endpoint {
  protected abstract readonly label: 'Failover' | 'Loadbalance';

  constructor(
    readonly def: GroupDefinition,
    readonly members: readonly Endpoint[],
  ) {}

  get name(): string {
    return this.def.name;
  }

  ready(ctx: EndpointContext): boolean {
    return this.members.some((m) => m.ready(ctx));
  }

  retries(): boolean {
    return true;
  }

  /** The member to send through next among the candidates, or undefined when none is one. */
  protected abstract pick(candidate: Candidate): number | undefined;

  /** Whether a member's transport failure sends the message on to another member. */
  protected abstract get failsOver(): boolean;

  async send(msg: MessageContext, ctx: EndpointContext): Promise<void> {
    const category = `${this.label}Endpoint`;
    const tried = new Set<number>();
    let last: MediationFault | undefined;
    for (;;) {
      const index = this.pick((i) => !tried.has(i) && this.members[i].ready(ctx));
      if (index === undefined) {
        const text = `${this.label} endpoint : ${this.name} - no ready child endpoints${last ? ` left after ${tried.size} failed` : ''}`;
        ctx.logger.log('WARN', category, text);
        // Synapse keeps the last member's ERROR_CODE; 303000 only when no member was tried at all.
        if (!last) throw new MediationFault('CONDUIT_ENDPOINT_SUSPENDED', text, SYNAPSE_ERRORS.GROUP_NONE_READY);
        throw new MediationFault(last.code, `${text}; the last: ${last.message}`, last.errorCode, { cause: last });
      }
      tried.add(index);
      const member = this.members[index];
      try {
        await member.send(msg, ctx);
        return;
      } catch (err) {
        // Only transport failures (a numeric ERROR_CODE) fail over; a reference or payload error would fail on every member.
        if (!(err instanceof MediationFault) || typeof err.errorCode !== 'number') throw err;
        ctx.logger.log('WARN', category, `${describe(this)} Detect a Failure in a child endpoint : ${describe(member, index)}`);
        if (!this.failsOver) throw err;
        if (!member.retries(err.errorCode)) {
          const text = `${this.label} endpoint : ${this.name} - one of the child endpoints encountered a non-retry error, not sending message to another endpoint`;
          ctx.logger.log('WARN', category, text);
          throw new MediationFault(err.code, `${text}; ${err.message}`, err.errorCode, { cause: err });
        }
        last = err;
      }
    }
  }
}

function describe(endpoint: Endpoint, index?: number): string {
  if (endpoint.name !== 'anonymous') return `Endpoint [${endpoint.name}]`;
  return index === undefined ? 'AnonymousEndpoint' : `AnonymousEndpoint (member ${index + 1})`;
}

/**
 * `<failover>`: members in order. Dynamic (the default) starts from the first member for every
 * message, so traffic returns to it once it is ready again; `dynamic="false"` stays on the member that
 * last took a message until it fails.
 */
export class FailoverEndpoint extends EndpointGroup {
  protected readonly label = 'Failover';
  private current = 0;

  protected get failsOver(): boolean {
    return true;
  }

  protected pick(candidate: Candidate): number | undefined {
    if (!this.def.dynamic && candidate(this.current)) return this.current;
    const index = this.members.findIndex((_, i) => candidate(i));
    if (index < 0) return undefined;
    if (!this.def.dynamic) this.current = index;
    return index;
  }
}

/**
 * `<loadbalance>`: RoundRobin (the next ready member after the one used last) or WeightedRoundRobin
 * (each member `loadbalance.weight` messages in a row, in list order). `failover="false"` gives a
 * member's failure straight to the caller.
 */
export class LoadbalanceEndpoint extends EndpointGroup {
  protected readonly label = 'Loadbalance';
  private cursor = 0;
  /** Weighted: messages the member at the cursor still takes before the next one's turn. */
  private remaining: number;

  constructor(def: GroupDefinition, members: readonly Endpoint[]) {
    super(def, members);
    this.remaining = def.weights?.[0] ?? 1;
  }

  protected get failsOver(): boolean {
    return this.def.failover;
  }

  protected pick(candidate: Candidate): number | undefined {
    const weights = this.def.weights;
    // Enough turns to pass every member once (every unit of weight, when weighted).
    const turns = weights ? weights.reduce((a, b) => a + b, 0) : this.members.length;
    for (let turn = 0; turn < turns; turn++) {
      const index = weights ? this.nextWeighted(weights) : this.nextRoundRobin();
      if (candidate(index)) return index;
    }
    return undefined;
  }

  private nextRoundRobin(): number {
    const index = this.cursor;
    this.cursor = (this.cursor + 1) % this.members.length;
    return index;
  }

  private nextWeighted(weights: readonly number[]): number {
    if (this.remaining === 0) {
      this.cursor = (this.cursor + 1) % weights.length;
      this.remaining = weights[this.cursor];
    }
    this.remaining--;
    return this.cursor;
  }
}
