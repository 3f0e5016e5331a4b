/**
 * `<call-template>` against the sequence template it names, as the runtime will run it: every
 * mandatory parameter passed (else ERROR_CODE 500101 at run time), no argument the template does
 * not declare, and the expression inside a `{...}` or `{{...}}` value well-formed. An unresolved
 * target is reference-rules' to report.
 */
import type { Artifact } from '../types';
import { attr, attrNode, child, elements, SYNAPSE_NS, type XmlElement } from '../xml';
import { checkExpression } from './expressions';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

export function checkCallTemplates(ctx: RuleContext, index: ProjectIndex): void {
  const visit = (el: XmlElement): void => {
    if (el.local === 'call-template' && (el.ns === SYNAPSE_NS || el.ns === '')) checkCall(ctx, index, el);
    for (const c of elements(el)) visit(c);
  };
  visit(ctx.artifact.element);
}

function checkCall(ctx: RuleContext, index: ProjectIndex, call: XmlElement): void {
  const params = elements(call, 'with-param');
  for (const p of params) checkValue(ctx, p);
  const target = attr(call, 'target');
  const template = target ? index.named('template', target)[0] : undefined;
  const declared = template && sequenceTemplateParameters(template);
  if (!declared) return;
  const passed = new Set<string>();
  for (const p of params) {
    const name = attrNode(p, 'name');
    if (!name) continue;
    passed.add(name.value);
    if (!declared.has(name.value)) {
      ctx.report('CONDUIT_TEMPLATE_PARAMETER_UNKNOWN', `template '${target}' declares no parameter '${name.value}'; the template never sees it`, name.valueRange);
    }
  }
  for (const [name, mandatory] of declared) {
    if (mandatory && !passed.has(name)) {
      ctx.report(
        'CONDUIT_TEMPLATE_PARAMETER_MISSING',
        `template '${target}' needs its mandatory parameter '${name}' (a defaultValue does not stand in for it); without it the call faults with ERROR_CODE 500101`,
        call.startTagRange,
      );
    }
  }
}

/** Parameter name → isMandatory of a sequence template; undefined for an endpoint template. */
function sequenceTemplateParameters(template: Artifact): Map<string, boolean> | undefined {
  if (!child(template.element, 'sequence')) return undefined;
  const out = new Map<string, boolean>();
  for (const p of elements(template.element, 'parameter')) {
    const name = attr(p, 'name');
    if (name) out.set(name, attr(p, 'isMandatory')?.toLowerCase() === 'true');
  }
  return out;
}

/** The expression of a `{expr}` or `{{expr}}` value (the call-template mediator's ValueFactory forms). */
function checkValue(ctx: RuleContext, param: XmlElement): void {
  const value = attrNode(param, 'value');
  if (!value) return;
  const v = value.value;
  const t = v.trim();
  const escaped = t.length > 3 && t.startsWith('{{') && t.endsWith('}}');
  if (!escaped && !(v.startsWith('{') && v.endsWith('}'))) return;
  const start = escaped ? v.indexOf('{{') + 2 : 1;
  const end = escaped ? v.lastIndexOf('}}') : v.length - 1;
  const issue = checkExpression(v.slice(start, end));
  if (issue) ctx.report(issue.code, issue.message, ctx.subRange(value.valueRange, v, start + issue.start, start + issue.end));
}
