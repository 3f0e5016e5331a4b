/**
 * `<iterate expression [attachPath] [preservePayload] [sequential] [continueParent] [id]><target>..</target></iterate>`
 * (Synapse's IterateMediator): one message per element the expression selects, each with its own copy
 * of the message, run through the target. An XPath splits the XML view of the body; `json-eval` (or a
 * `${...}` expression) splits a JSON array. With `preservePayload` each part is the parent's payload
 * with the selected elements taken out and this one put under `attachPath`; otherwise it is the element
 * alone. The parent stops here unless `continueParent="true"`.
 */
import { JSONPath } from 'jsonpath-plus';
import type { Element, Node } from '@xmldom/xmldom';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, child } from '../../model/xml';
import { envelopeOf, firstBodyElement, serializeNode } from '../expressions/envelope';
import type { Expression } from '../expressions/expression';
import { bodyAsJson } from '../expressions/json-path';
import { parseJson, stringifyJson } from '../../model/json/json-value';
import { MediationFault } from '../fault';
import { Payload, type MessageContext } from '../message';
import { expressionAt } from './branch';
import { parseTarget, runSplits, splitMessage, type SplitTarget } from './split-target';
import { defineMediator, type MediationEnv } from './types';

export interface IterateConfig {
  expression: Expression;
  attachPath?: Expression;
  preservePayload: boolean;
  sequential: boolean;
  continueParent: boolean;
  id?: string;
  target: SplitTarget;
}

/** The JSONPath inside `json-eval(...)`. */
function jsonPathOf(e: Expression): string {
  return /^json-eval\(([\s\S]*)\)$/.exec(e.source.trim())![1].trim();
}

function fault(message: string): MediationFault {
  return new MediationFault('CONDUIT_MEDIATION_FAILED', message);
}

/** Sets the place `path` names in `root` to `value`; the whole document when the path is `$`. */
function replaceAt(root: unknown, path: string, value: unknown): unknown {
  if (path === '$' || path === '$.') return value;
  const hits = JSONPath({ path, json: root as object, resultType: 'all', wrap: true, eval: 'safe' }) as Array<{ parent: Record<string, unknown> | unknown[]; parentProperty: string | number }>;
  for (const h of hits) if (h.parent !== null && typeof h.parent === 'object') (h.parent as Record<string | number, unknown>)[h.parentProperty] = value;
  return root;
}

function jsonParts(c: IterateConfig, msg: MessageContext, env: MediationEnv): Payload[] {
  const list = c.expression.evaluateValue(msg, env.logger);
  if (!Array.isArray(list)) throw fault(`JSON element expressed by the path ${c.expression.source} is not a valid JSON array that can be iterated`);
  if (!c.preservePayload) return list.map((v) => Payload.json(stringifyJson(v)));
  const path = jsonPathOf(c.expression);
  const attach = c.attachPath ? jsonPathOf(c.attachPath) : path;
  // The parent without the iterated array, unless each element goes back in its place.
  const template = stringifyJson(attach === path ? bodyAsJson(msg) : replaceAt(parseJson(stringifyJson(bodyAsJson(msg))), path, []));
  return list.map((v) => Payload.json(stringifyJson(replaceAt(parseJson(template), attach, v))));
}

function xmlParts(c: IterateConfig, msg: MessageContext, env: MediationEnv): Payload[] {
  // A copy of the parent to take the selected elements out of; the parent's own view stays as it was.
  const base = msg.clone();
  const nodes = c.expression.evaluateNodes?.(base, env.logger) ?? [];
  for (const n of nodes) {
    if (n.nodeType !== 1) throw fault(`Error splitting message with XPath : ${c.expression.source} - result not an OMNode`);
  }
  const elements = nodes as Element[];
  if (!c.preservePayload) return elements.map((e) => Payload.xml(serializeNode(e)));
  for (const e of elements) e.parentNode?.removeChild(e);
  const rest = firstBodyElement(envelopeOf(base));
  const template = rest ? serializeNode(rest) : '';
  return elements.map((e) => {
    const part = msg.clone();
    part.setPayload(Payload.xml(template));
    const view = envelopeOf(part);
    const found = c.attachPath ? c.attachPath.evaluateNodes?.(part, env.logger)?.[0] : firstBodyElement(view);
    if (!found || found.nodeType !== 1) {
      throw fault(`Error in attaching the splitted elements :: Unable to get the attach path specified by the expression ${c.attachPath?.source ?? '(the payload root)'}`);
    }
    (found as Node).appendChild(view.doc.importNode(e, true));
    return Payload.xml(serializeNode(firstBodyElement(view)!));
  });
}

export default defineMediator<IterateConfig>({
  name: 'iterate',
  parse(el, ctx) {
    const expressionText = attr(el, 'expression');
    if (!expressionText?.trim()) return ctx.fail('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'an iterate needs the expression that selects the elements to split', el);
    const issue = mediatorIssues(el)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const expression = expressionAt(expressionText, el, ctx);
    const preservePayload = attr(el, 'preservePayload')?.trim().toLowerCase() === 'true';
    const attachText = attr(el, 'attachPath');
    const attachPath = attachText?.trim() ? expressionAt(attachText, el, ctx) : undefined;
    const targetEl = child(el, 'target');
    if (!targetEl) return ctx.fail('CONDUIT_SCHEMA_MISSING_ELEMENT', 'Target for an iterate mediator is required :: missing target', el);
    return {
      expression,
      attachPath,
      preservePayload,
      sequential: attr(el, 'sequential')?.trim().toLowerCase() === 'true',
      continueParent: attr(el, 'continueParent')?.trim().toLowerCase() === 'true',
      id: attr(el, 'id'),
      target: parseTarget(targetEl, ctx),
    };
  },
  mediate(c, msg, env) {
    const parts = c.expression.kind === 'xpath' ? xmlParts(c, msg, env) : jsonParts(c, msg, env);
    const splits = parts.map((payload, i) => {
      const part = splitMessage(msg, i, parts.length, c.id);
      part.setPayload(payload);
      return { msg: part, target: c.target };
    });
    return runSplits(splits, c, env.continuation(msg), env);
  },
});
