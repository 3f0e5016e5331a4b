/**
 * What iterate and clone share (Synapse's Target and MessageHelper.cloneMessageContext): the
 * `<target>` each split message goes to, the copy of the message it gets, and how the copies run
 * beside or instead of the parent message.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { attr, child, type XmlElement } from '../../model/xml';
import { MediationFault } from '../fault';
import { isDomNode } from '../expressions/property-values';
import type { MessageContext } from '../message';
import send from './send';
import type { CompiledSequence, Continuation, MediationEnv, ParseContext } from './types';

/** A `<target>`: inline mediators, a named sequence, or an endpoint the split message is sent to. */
export interface SplitTarget {
  readonly sequence?: CompiledSequence;
  readonly sequenceKey?: string;
  readonly to?: string;
  readonly soapAction?: string;
  readonly where: string;
}

/** Parses a `<target [sequence] [endpoint] [to] [soapAction]>` holding `<sequence>` or `<endpoint>`. */
export function parseTarget(el: XmlElement, ctx: ParseContext): SplitTarget {
  const base = { to: attr(el, 'to'), soapAction: attr(el, 'soapAction'), where: ctx.where(el) };
  const sequenceKey = attr(el, 'sequence');
  if (sequenceKey) return { ...base, sequenceKey };
  const inline = child(el, 'sequence');
  if (inline) return { ...base, sequence: ctx.parseSequence(inline) };
  const endpointEl = child(el, 'endpoint');
  const endpointKey = attr(el, 'endpoint');
  if (endpointEl || endpointKey) {
    // Target.mediate sends to the endpoint as send does: the answer goes to the out sequence or the client.
    const endpoint = endpointEl ? ctx.parseEndpoint(endpointEl) : { key: endpointKey, where: base.where };
    return { ...base, sequence: { steps: [{ module: send, config: { endpoint }, where: base.where }] } };
  }
  return base;
}

const CORRELATION = 'aggregateCorelation';
const SEQUENCE = 'messageSequence';

/** The property holding a split message's parent message ID, which the aggregate correlates on. */
export function correlationProperty(id: string | undefined): string {
  return id === undefined ? CORRELATION : `${CORRELATION}.${id}`;
}

/** The property holding `index/count` of a split message, which tells the aggregate how many to wait for. */
export function sequenceProperty(id: string | undefined): string {
  return id === undefined ? SEQUENCE : `${SEQUENCE}.${id}`;
}

/**
 * The copy split message `index` of `count` gets: its own ID, property maps, headers and XML property
 * values, with the correlation properties MessageHelper and the EIP mediators set.
 */
export function splitMessage(parent: MessageContext, index: number, count: number, id: string | undefined): MessageContext {
  const m = parent.clone();
  for (const [k, v] of m.properties) if (isDomNode(v)) m.properties.set(k, (v as Node).cloneNode(true) as Element);
  m.setProperty(CORRELATION, parent.messageId);
  if (id !== undefined) m.setProperty(correlationProperty(id), parent.messageId);
  m.setProperty(sequenceProperty(id), `${index}/${count}`);
  return m;
}

/** One split message and where it goes. */
export interface Split {
  readonly msg: MessageContext;
  readonly target: SplitTarget;
}

/**
 * Runs the split messages, all at once or (`sequential`) one after the other, each through its target
 * and then on from `after`. With `continueParent` the parent goes on meanwhile (resolves true) and the
 * flow stays open for the splits; otherwise the parent stops here once they are done (resolves false).
 */
export async function runSplits(splits: readonly Split[], options: { sequential: boolean; continueParent: boolean }, after: Continuation, env: MediationEnv): Promise<boolean> {
  // Every target is looked up before any message runs, so a missing sequence faults the parent alone.
  const sequences = splits.map((s) => {
    if (s.target.sequenceKey === undefined) return s.target.sequence;
    const seq = env.sequence(s.target.sequenceKey);
    if (!seq) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `Couldn't find the sequence named : ${s.target.sequenceKey} (${s.target.where})`);
    return seq;
  });
  const runOne = (i: number) => {
    const { msg, target } = splits[i];
    if (target.to !== undefined) msg.to = target.to;
    if (target.soapAction !== undefined) msg.transportHeaders.set('SOAPAction', target.soapAction);
    const seq = sequences[i];
    // A target with neither sequence nor endpoint does nothing with its message, as in Synapse.
    return seq ? env.runSplit(seq, msg, after) : Promise.resolve();
  };
  if (options.sequential) {
    for (let i = 0; i < splits.length; i++) await runOne(i);
    return options.continueParent;
  }
  const all = Promise.all(splits.map((_, i) => runOne(i)));
  if (options.continueParent) {
    env.hold(all);
    return true;
  }
  await all;
  return false;
}
