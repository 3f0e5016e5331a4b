/**
 * `<aggregate [id]><correlateOn/>?<completeCondition [timeout]><messageCount min max/>?</completeCondition>?
 * <onComplete [expression] [sequence] [enclosingElementProperty]>..</onComplete></aggregate>` (Synapse's
 * AggregateMediator): collects the messages iterate or clone split off one message and, once all of them
 * (or `max`, or `min`) arrived or `timeout` seconds passed, runs onComplete once on one message merging
 * what the onComplete expression selects in each. Messages wait here (their flow stops); the one that
 * completes the aggregation goes on after the aggregate when onComplete does. A message arriving after
 * completion is dropped. Aggregations live in the flow of the request they belong to.
 */
import type { Element } from '@xmldom/xmldom';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, child, type XmlElement } from '../../model/xml';
import { withoutEmptyDefaultNs } from '../expressions/dom';
import { envelopeOf, firstBodyElement, serializeNode, SOAP11_NS, SOAP12_NS } from '../expressions/envelope';
import { compileExpression, type Expression } from '../expressions/expression';
import { stringifyJson } from '../../model/json/json-value';
import { isDomNode } from '../expressions/property-values';
import { MediationFault } from '../fault';
import { Payload, type MessageContext } from '../message';
import { expressionAt } from './branch';
import { correlationProperty, sequenceProperty } from './split-target';
import { defineMediator, type CompiledSequence, type Continuation, type MediationEnv, type ParseContext } from './types';

/** A message count: a number, or `{expression}` evaluated on the first message of an aggregation. */
type Count = number | Expression;

export interface AggregateConfig {
  id?: string;
  correlateOn?: Expression;
  timeoutMs: number;
  min: Count;
  max: Count;
  expression: Expression;
  enclosingElementProperty?: string;
  onComplete: { inline?: CompiledSequence; key?: string };
}

interface Aggregation {
  readonly key: string;
  readonly messages: MessageContext[];
  readonly min: number;
  readonly max: number;
  /** Where the last message that arrived would have gone on: a timed-out aggregation goes on from there. */
  after: Continuation;
  done: boolean;
  timer?: NodeJS.Timeout;
  release?: () => void;
}

interface FlowAggregations {
  readonly open: Map<string, Aggregation>;
  readonly completed: Set<string>;
}

// AggregateMediator's default: the first child of the SOAP body.
const FIRST_BODY_CHILD = compileExpression('/s11:Envelope/s11:Body/child::*[position()=1] | /s12:Envelope/s12:Body/child::*[position()=1]', {
  s11: SOAP11_NS,
  s12: SOAP12_NS,
});

function fault(message: string): MediationFault {
  return new MediationFault('CONDUIT_MEDIATION_FAILED', message);
}

function parseCount(text: string | undefined, el: XmlElement, ctx: ParseContext): Count {
  const t = text?.trim() ?? '';
  if (t === '') return -1;
  if (t.startsWith('{') && t.endsWith('}')) return expressionAt(t.slice(1, -1), el, ctx);
  if (!/^-?\d+$/.test(t)) return ctx.fail('CONDUIT_SCHEMA_INVALID_VALUE', `a message count must be a whole number or {expression}, not '${t}'`, el);
  return Number(t);
}

function countOf(c: Count, msg: MessageContext, env: MediationEnv): number {
  if (typeof c === 'number') return c;
  const text = c.evaluate(msg, env.logger);
  const n = Number.parseFloat(text);
  if (Number.isNaN(n)) throw fault(`the message count ${c.source} is not a number: '${text}'`);
  return Math.trunc(n);
}

function isComplete(c: AggregateConfig, a: Aggregation): boolean {
  const n = a.messages.length;
  const position = a.messages[0]?.getProperty(sequenceProperty(c.id));
  if (typeof position === 'string') {
    const total = Number(position.split('/')[1]);
    if (n >= total) return true;
  }
  return (a.min > 0 && n >= a.min) || (a.max > 0 && n >= a.max);
}

/** The merged message: a copy of the first one whose payload holds what the expression selects in each. */
function aggregatedMessage(c: AggregateConfig, messages: readonly MessageContext[], env: MediationEnv): MessageContext {
  const merged = messages[0].clone();
  let enclosing: Element | undefined;
  if (c.enclosingElementProperty !== undefined) {
    const p = merged.getProperty(c.enclosingElementProperty);
    if (p === undefined) throw fault(`Enclosing Element property: ${c.enclosingElementProperty} not found`);
    if (!isDomNode(p) || p.nodeType !== 1) throw fault(`Enclosing Element defined in the property: ${c.enclosingElementProperty} is not an OMElement`);
    enclosing = p as Element;
  }
  if (c.expression.kind !== 'xpath') {
    const values = messages.map((m) => c.expression.evaluateValue(m, env.logger) ?? null);
    const result = enclosing ? { [enclosing.localName ?? enclosing.nodeName]: values } : values;
    merged.setPayload(Payload.json(stringifyJson(result)));
    return merged;
  }
  const view = envelopeOf(merged);
  const own = c.expression.evaluateNodes?.(merged, env.logger) ?? [];
  // EIPUtils.enrichEnvelope: the others' elements go under the parent of the first one selected, else the body.
  const first = own[0];
  const into = first?.parentNode && first.parentNode.nodeType === 1 ? (first.parentNode as Element) : view.body;
  for (const m of messages.slice(1)) {
    for (const n of c.expression.evaluateNodes?.(m, env.logger) ?? []) if (n.nodeType === 1) into.appendChild(view.doc.importNode(n, true));
  }
  if (enclosing) {
    const wrapper = withoutEmptyDefaultNs(view.doc.importNode(enclosing, true) as Element);
    while (view.body.firstChild) wrapper.appendChild(view.body.firstChild);
    view.body.appendChild(wrapper);
  }
  const bodyElements = Array.from(view.body.childNodes).filter((n) => n.nodeType === 1);
  // Several elements stay a whole envelope: a SOAP answer carries them all, a plain XML one the first, as in MI.
  const text = bodyElements.length > 1 ? serializeNode(view.envelope) : bodyElements.length === 1 ? serializeNode(firstBodyElement(view)!) : '';
  merged.setPayload(text === '' ? Payload.none() : Payload.xml(text));
  return merged;
}

function onCompleteSequence(c: AggregateConfig, env: MediationEnv): CompiledSequence {
  const seq = c.onComplete.inline ?? (c.onComplete.key !== undefined ? env.sequence(c.onComplete.key) : undefined);
  if (!seq) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `Unable to find the sequence for the mediation of the aggregated message: '${c.onComplete.key}' is not deployed`);
  return seq;
}

function close(state: FlowAggregations, a: Aggregation): void {
  a.done = true;
  clearTimeout(a.timer);
  state.open.delete(a.key);
  state.completed.add(a.key);
}

/** Completes an aggregation nothing more will arrive for (its timeout, or a flow with nothing left running). */
async function completeDetached(c: AggregateConfig, state: FlowAggregations, a: Aggregation, env: MediationEnv): Promise<void> {
  if (a.done) return;
  close(state, a);
  try {
    const merged = aggregatedMessage(c, a.messages, env);
    await env.runSplit(onCompleteSequence(c, env), merged, a.after, true);
  } catch (err) {
    // Without a message flow to fault, the aggregation ends here, as Aggregate's timer task logs it.
    env.logger.log('ERROR', 'AggregateMediator', `CONDUIT_MEDIATION_FAILED the aggregation ${a.key} could not complete: ${(err as Error).message}`);
  }
}

export default defineMediator<AggregateConfig>({
  name: 'aggregate',
  parse(el, ctx) {
    const correlateEl = child(el, 'correlateOn');
    const correlateText = correlateEl && attr(correlateEl, 'expression');
    if (correlateEl && !correlateText?.trim()) ctx.fail('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', '<correlateOn> needs an expression', correlateEl);
    const condition = child(el, 'completeCondition');
    const timeoutText = condition && attr(condition, 'timeout')?.trim();
    let timeoutMs = 0;
    if (timeoutText) {
      if (!/^\d+(\.\d+)?$/.test(timeoutText)) ctx.fail('CONDUIT_SCHEMA_INVALID_VALUE', `the completion timeout is a number of seconds, not '${timeoutText}'`, condition);
      timeoutMs = Math.round(Number(timeoutText) * 1000);
    }
    const countEl = condition && child(condition, 'messageCount');
    const onCompleteEl = child(el, 'onComplete');
    if (!onCompleteEl) return ctx.fail('CONDUIT_SCHEMA_MISSING_ELEMENT', 'an aggregate needs <onComplete>: the mediators run on the aggregated message', el);
    const expressionText = attr(onCompleteEl, 'expression');
    const issue = mediatorIssues(el)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const key = attr(onCompleteEl, 'sequence');
    return {
      id: attr(el, 'id'),
      correlateOn: correlateText ? expressionAt(correlateText, correlateEl!, ctx) : undefined,
      timeoutMs,
      min: countEl ? parseCount(attr(countEl, 'min'), countEl, ctx) : -1,
      max: countEl ? parseCount(attr(countEl, 'max'), countEl, ctx) : -1,
      expression: expressionText?.trim() ? expressionAt(expressionText, onCompleteEl, ctx) : FIRST_BODY_CHILD,
      enclosingElementProperty: attr(onCompleteEl, 'enclosingElementProperty'),
      onComplete: key !== undefined ? { key } : { inline: ctx.parseSequence(onCompleteEl) },
    };
  },
  async mediate(c, msg, env) {
    let key: string | undefined;
    if (c.correlateOn) {
      const v = c.correlateOn.evaluateValue(msg, env.logger);
      if (Array.isArray(v) && v.length === 0) throw fault(`Failed to evaluate correlate expression: ${c.correlateOn.source}`);
      if (v === false) return true;
      if (v !== undefined && v !== null) key = c.correlateOn.source;
    }
    if (key === undefined) {
      const parent = msg.getProperty(correlationProperty(c.id));
      // Not a split message: it goes on past the aggregate untouched.
      if (typeof parent !== 'string') return true;
      key = parent;
    }
    const state = env.state<FlowAggregations>(c, () => ({ open: new Map(), completed: new Set() }));
    if (state.completed.has(key)) {
      env.logger.log('DEBUG', 'AggregateMediator', `Received a response for already completed Aggregate ${key}; the message is dropped`);
      return false;
    }
    let a = state.open.get(key);
    if (!a) {
      const created: Aggregation = { key, messages: [], min: countOf(c.min, msg, env), max: countOf(c.max, msg, env), after: [], done: false };
      a = created;
      state.open.set(key, created);
      if (c.timeoutMs > 0) {
        env.hold(
          new Promise<void>((resolve) => {
            created.release = resolve;
            created.timer = setTimeout(() => {
              env.logger.log('WARN', 'Aggregate', `Aggregate mediator timeout occurred. ${created.messages.length} message(s) collected for ${key}`);
              void completeDetached(c, state, created, env).finally(resolve);
            }, c.timeoutMs);
          }),
        );
      } else {
        env.onIdle(() => {
          if (created.done) return;
          env.logger.log(
            'WARN',
            'AggregateMediator',
            `the aggregation ${key} has ${created.messages.length} message(s) and nothing else can arrive in this flow (no completion timeout is set); completing it with those`,
          );
          env.hold(completeDetached(c, state, created, env));
        });
      }
    }
    a.after = env.continuation(msg);
    if (a.max <= 0 || a.messages.length < a.max) a.messages.push(msg);
    if (!isComplete(c, a)) return false;
    close(state, a);
    a.release?.();
    const merged = aggregatedMessage(c, a.messages, env);
    const go = await env.run(onCompleteSequence(c, env), merged);
    // AggregateMediator gives the last message the aggregated envelope to go on with.
    if (go) msg.setPayload(merged.payload);
    return go;
  },
});
