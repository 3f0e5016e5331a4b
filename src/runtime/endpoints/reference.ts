/**
 * `<endpoint key="Name"/>`, as Synapse's IndirectEndpoint: the named endpoint is looked up each time a
 * message is sent, so redeploying it takes effect at once, and its suspension state is the one every
 * user of that name shares. `<endpoint key-expression="expr"/>`, as ResolvingEndpoint, computes the
 * name from the message first.
 */
import { MediationFault, SYNAPSE_ERRORS } from '../fault';
import type { MessageContext } from '../message';
import type { KeyDefinition, ResolvingDefinition } from './definition';
import type { Endpoint, EndpointContext } from './endpoint';

/** Key references a send may follow; more means a group that contains itself. */
const MAX_DEPTH = 8;

export class KeyEndpoint implements Endpoint {
  constructor(readonly def: KeyDefinition) {}

  get name(): string {
    return this.def.name === 'anonymous' ? this.def.target : this.def.name;
  }

  ready(ctx: EndpointContext): boolean {
    const depth = ctx.depth ?? 0;
    const target = depth < MAX_DEPTH ? ctx.endpoints?.get(this.def.target) : undefined;
    // Unresolved: let send raise the reference error rather than report the group "not ready".
    return target ? target.ready({ ...ctx, depth: depth + 1 }) : true;
  }

  retries(): boolean {
    return true;
  }

  async send(msg: MessageContext, ctx: EndpointContext): Promise<void> {
    const depth = ctx.depth ?? 0;
    const target = resolveEndpointKey(ctx.endpoints, this.def.target, this.def.where, depth);
    await target.send(msg, { ...ctx, depth: depth + 1 });
  }
}

export class ResolvingEndpoint implements Endpoint {
  constructor(readonly def: ResolvingDefinition) {}

  get name(): string {
    return this.def.name;
  }

  /** Which endpoint a message goes to is known only once it is sent. */
  ready(): boolean {
    return true;
  }

  retries(): boolean {
    return true;
  }

  async send(msg: MessageContext, ctx: EndpointContext): Promise<void> {
    const key = this.def.expression.evaluate(msg, ctx.logger);
    if (!ctx.endpoints?.has(key)) {
      throw new MediationFault(
        'CONDUIT_REFERENCE_UNRESOLVED',
        `Couldn't find the endpoint with the key : ${key} (key-expression ${this.def.expression.source} at ${this.def.where})`,
        SYNAPSE_ERRORS.ENDPOINT_IN_DIRECT_NOT_READY,
      );
    }
    const depth = ctx.depth ?? 0;
    await resolveEndpointKey(ctx.endpoints, key, this.def.where, depth).send(msg, { ...ctx, depth: depth + 1 });
  }
}

/** The deployed endpoint named `key`; a MediationFault when there is none or references nest too deep. */
export function resolveEndpointKey(endpoints: ReadonlyMap<string, Endpoint> | undefined, key: string, where: string, depth = 0): Endpoint {
  if (depth >= MAX_DEPTH)
    throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `endpoint '${key}' (${where}) is reached through more than ${MAX_DEPTH} key references; does a group contain itself?`);
  const endpoint = endpoints?.get(key);
  if (!endpoint) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `endpoint '${key}' (${where}) is not deployed`);
  return endpoint;
}
