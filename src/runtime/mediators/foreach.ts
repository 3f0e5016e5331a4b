/**
 * `<foreach expression [sequence] [id]><sequence>..</sequence></foreach>` (MI's ForEachMediator): a loop
 * in the same flow. Each element an XPath selects (or each item of the JSON array a `json-eval` selects)
 * becomes the body of a copy of the message, runs through the sequence, and what the copy's body is then
 * takes the element's place in the message. As in MI, the iterations share the message context: only the
 * body is swapped, so a property one iteration sets is seen by the next and after the foreach (a loop
 * that accumulates a property across items works); the message goes on with the transformed payload.
 */
import type { Element } from '@xmldom/xmldom';
import { JSONPath } from 'jsonpath-plus';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, child } from '../../model/xml';
import { withoutEmptyDefaultNs } from '../expressions/dom';
import { envelopeOf, firstBodyElement, serializeNode } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { bodyAsJson } from '../expressions/json-path';
import { parseJson, stringifyJson } from '../../model/json/json-value';
import { MediationFault } from '../fault';
import { Payload, type MessageContext } from '../message';
import { expressionAt } from './branch';
import { defineMediator, type CompiledSequence, type MediationEnv } from './types';

export interface ForeachConfig {
  expression: Expression;
  id?: string;
  sequence?: CompiledSequence;
  sequenceKey?: string;
}

/** Runs the message, with one element as its body, through the sequence; the message then carries its result. */
async function transform(c: ForeachConfig, seq: CompiledSequence, msg: MessageContext, body: Payload, index: number, env: MediationEnv): Promise<MessageContext> {
  msg.setProperty(c.id === undefined ? 'FOREACH_COUNTER' : `${c.id}_FOREACH_COUNTER`, index);
  msg.setPayload(body);
  await env.run(seq, msg);
  return msg;
}

async function overXml(c: ForeachConfig, seq: CompiledSequence, msg: MessageContext, env: MediationEnv): Promise<void> {
  const work = msg.clone();
  const view = envelopeOf(work);
  const nodes = c.expression.evaluateNodes?.(work, env.logger) ?? [];
  for (const n of nodes) {
    if (n.nodeType !== 1) throw new MediationFault('CONDUIT_MEDIATION_FAILED', `Error splitting message with XPath : ${c.expression.source} - result not an OMNode`);
  }
  for (const [i, el] of (nodes as Element[]).entries()) {
    const copy = await transform(c, seq, msg, Payload.xml(serializeNode(el)), i, env);
    const result = copy.payload.kind === 'none' ? undefined : firstBodyElement(envelopeOf(copy));
    if (result) el.parentNode?.replaceChild(withoutEmptyDefaultNs(view.doc.importNode(result, true) as Element), el);
    else el.parentNode?.removeChild(el);
  }
  const first = firstBodyElement(view);
  msg.setPayload(first ? Payload.xml(serializeNode(first)) : Payload.none());
}

async function overJson(c: ForeachConfig, seq: CompiledSequence, msg: MessageContext, env: MediationEnv): Promise<void> {
  const path = /^json-eval\(([\s\S]*)\)$/.exec(c.expression.source.trim())![1].trim();
  const root = parseJson(stringifyJson(bodyAsJson(msg) ?? null));
  type Hit = { value: unknown; parent: Record<string | number, unknown>; parentProperty: string | number };
  let hits = JSONPath({ path, json: root as object, resultType: 'all', wrap: true, eval: 'safe' }) as Hit[];
  // A path naming one array loops over its items, as one selecting each item does.
  if (hits.length === 1 && Array.isArray(hits[0].value)) {
    const list = hits[0].value as unknown[];
    hits = list.map((value, i) => ({ value, parent: list as unknown as Record<number, unknown>, parentProperty: i }));
  }
  for (const [i, hit] of hits.entries()) {
    const copy = await transform(c, seq, msg, Payload.json(stringifyJson(hit.value)), i, env);
    hit.parent[hit.parentProperty] = copy.payload.kind === 'json' ? copy.payload.json() : bodyAsJson(copy);
  }
  msg.setPayload(Payload.json(stringifyJson(root)));
}

export default defineMediator<ForeachConfig>({
  name: 'foreach',
  parse(el, ctx) {
    const issue = mediatorIssues(el)[0];
    if (issue) return ctx.fail(issue.code, issue.message, issue.at);
    const inline = child(el, 'sequence');
    return {
      expression: expressionAt(attr(el, 'expression')!, el, ctx),
      id: attr(el, 'id'),
      sequence: inline ? ctx.parseSequence(inline) : undefined,
      sequenceKey: inline ? undefined : attr(el, 'sequence'),
    };
  },
  async mediate(c, msg, env) {
    const seq = c.sequence ?? env.sequence(c.sequenceKey!);
    if (!seq) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `the sequence ${c.sequenceKey} of a foreach is not deployed`);
    msg.setProperty(c.id === undefined ? 'FOREACH_ORIGINAL_MESSAGE' : `${c.id}_FOREACH_ORIGINAL_MESSAGE`, envelopeOf(msg.clone()).envelope);
    if (c.expression.kind === 'xpath') await overXml(c, seq, msg, env);
    else await overJson(c, seq, msg, env);
    return true;
  },
});
