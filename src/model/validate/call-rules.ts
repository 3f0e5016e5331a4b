/**
 * The `<source>` and `<target>` of a `<call>` (MI 4.x, CallMediatorFactory). The schema checks the
 * `type` values; these are the problems in the content, which the runtime refuses an artifact for
 * with the same code and words, so the editor shows exactly what will not deploy.
 */
import type { ErrorCode } from '../errors';
import { attr, elements, SYNAPSE_NS, textOf, type XmlElement, walkElements } from '../xml';
import { checkExpression } from './expressions';
import type { RuleContext } from './rule-context';

export const CALL_SOURCE_TYPES = ['custom', 'body', 'property', 'inline'] as const;
export const CALL_TARGET_TYPES = ['body', 'property', 'variable'] as const;
export type CallSourceType = (typeof CALL_SOURCE_TYPES)[number];
export type CallTargetType = (typeof CALL_TARGET_TYPES)[number];

export interface CallIssue {
  code: ErrorCode;
  message: string;
  at: XmlElement;
}

/** The source's type as Synapse reads it: `custom` when absent (Source's default). */
export function callSourceType(source: XmlElement): string {
  return attr(source, 'type')?.trim() ?? 'custom';
}

/** The target's type: without one the response replaces the body, as it does without a target. */
export function callTargetType(target: XmlElement): string {
  return attr(target, 'type')?.trim() ?? 'body';
}

/** What the runtime refuses a `<call>`'s source and target for. */
export function callIssues(call: XmlElement): CallIssue[] {
  const issues: CallIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  const source = elements(call, 'source')[0];
  if (source) {
    const type = callSourceType(source);
    const text = textOf(source).trim();
    if (!(CALL_SOURCE_TYPES as readonly string[]).includes(type)) invalid(`'${type}' is not a call source type: use custom, body, property or inline`, source);
    else if (type === 'custom' && text === '') invalid('a call source of type custom needs an XPath, json-eval(...) or ${...} expression as its text', source);
    else if (type === 'property' && text === '') invalid('a call source of type property needs the property name as its text', source);
    else if (type === 'inline' && text === '' && elements(source).length === 0) invalid('a call source of type inline needs an XML element or text to send', source);
  }
  const target = elements(call, 'target')[0];
  if (target) {
    const type = callTargetType(target);
    if (!(CALL_TARGET_TYPES as readonly string[]).includes(type)) invalid(`'${type}' is not a call target type: use body, property or variable`, target);
    else if (type !== 'body' && textOf(target).trim() === '') invalid(`a call target of type ${type} needs the ${type} name as its text`, target);
  }
  return issues;
}

/** Reports the call sources and targets the runtime would refuse, and the syntax of a custom source's expression. */
export function checkCalls(ctx: RuleContext): void {
  walkElements(ctx.artifact.element, (el) => {
    if (el.local === 'call' && (el.ns === SYNAPSE_NS || el.ns === '')) {
      const issues = callIssues(el);
      // The schema already reports a type that is no type at all; only its case can slip through there.
      const schemaReported = (i: CallIssue) => {
        const type = i.at.local === 'source' ? callSourceType(i.at) : callTargetType(i.at);
        const types: readonly string[] = i.at.local === 'source' ? CALL_SOURCE_TYPES : CALL_TARGET_TYPES;
        return i.message.startsWith(`'${type}' is not`) && !types.includes(type.toLowerCase());
      };
      for (const i of issues) if (!schemaReported(i)) ctx.report(i.code, i.message, i.at.nameRange);
      const source = elements(el, 'source')[0];
      if (source && issues.length === 0 && callSourceType(source) === 'custom') {
        const issue = checkExpression(textOf(source).trim());
        if (issue) ctx.report(issue.code, issue.message, source.nameRange);
      }
    }
  });
}
