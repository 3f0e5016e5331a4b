/**
 * `<call-template>` and `<endpoint template>` against the template they name, as the runtime will run
 * them: a template of the right kind (a call of an endpoint template finds no sequence template, and
 * the reverse), every mandatory parameter of a sequence template passed (else ERROR_CODE 500101 at run
 * time), no argument the template does not declare, and the expression inside a `{...}` or `{{...}}`
 * with-param value well-formed. An unresolved name is reference-rules' to report. In an endpoint template
 * itself, a `$param` inside a longer value: Synapse's Template.replace substitutes whole values only.
 */
import { attr, attrNode, child, elements, SYNAPSE_NS, type Range, type XmlElement, walkElements } from '../xml';
import { checkParamValue } from './expressions';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

export function checkCallTemplates(ctx: RuleContext, index: ProjectIndex): void {
  walkElements(ctx.artifact.element, (el) => {
    if (el.ns !== SYNAPSE_NS && el.ns !== '') return;
    if (el.local === 'call-template') checkCall(ctx, index, el);
    else if (el.local === 'endpoint' && attr(el, 'template') !== undefined) checkTemplateEndpoint(ctx, index, el);
  });
  if (ctx.artifact.kind === 'template') checkEmbeddedPlaceholders(ctx, ctx.artifact.element);
}

/** `uri="http://host/$service"` in an endpoint template is sent as written: only `uri="$service"` is replaced. */
function checkEmbeddedPlaceholders(ctx: RuleContext, template: XmlElement): void {
  const endpoint = child(template, 'endpoint');
  if (!endpoint) return;
  const declared = new Set(['name', 'uri', ...elements(template, 'parameter').map((p) => attr(p, 'name')?.trim() ?? '')]);
  walkElements(endpoint, (el) => {
    for (const a of el.attrs) {
      for (const m of a.value.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (a.value === m[0] || !declared.has(m[1]!)) continue;
        ctx.report(
          'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN',
          `'${m[0]}' is part of a longer value, which MI sends as written: it replaces only a whole "${m[0]}" value (pass the full value, e.g. the whole URI as $uri)`,
          ctx.subRange(a.valueRange, a.value, m.index!, m.index! + m[0].length),
        );
      }
    }
  });
}

function checkCall(ctx: RuleContext, index: ProjectIndex, call: XmlElement): void {
  const args = elements(call, 'with-param');
  for (const p of args) checkValue(ctx, p);
  const target = attrNode(call, 'target');
  const template = target && index.named('template', target.value)[0];
  if (!template) return;
  const params = sequenceTemplateParameters(template.element);
  if (!params) {
    ctx.report('CONDUIT_REFERENCE_UNRESOLVED', `'${target.value}' is an endpoint template; <call-template> runs sequence templates`, target.valueRange);
    return;
  }
  const declared = new Map(params.map((p) => [p.name, p.mandatory]));
  const passed = checkPassed(ctx, target.value, declared, args);
  for (const { name, mandatory } of params) {
    if (mandatory && !passed.has(name)) {
      ctx.report(
        'CONDUIT_TEMPLATE_PARAMETER_MISSING',
        `template '${target.value}' needs its mandatory parameter '${name}' (a defaultValue does not stand in for it); without it the call faults with ERROR_CODE 500101`,
        call.startTagRange,
      );
    }
  }
}

/** `<endpoint template="T">`: T must be an endpoint template declaring each `<parameter>` passed. */
function checkTemplateEndpoint(ctx: RuleContext, index: ProjectIndex, endpoint: XmlElement): void {
  const target = attrNode(endpoint, 'template')!;
  const template = index.named('template', target.value)[0];
  if (!template) return;
  if (sequenceTemplateParameters(template.element)) {
    ctx.report('CONDUIT_REFERENCE_UNRESOLVED', `'${target.value}' is a sequence template; <endpoint template> needs an endpoint template`, target.valueRange);
    return;
  }
  // Synapse's TemplateFactory: `name` and `uri` are always parameters of an endpoint template.
  const declared = new Set(['name', 'uri', ...elements(template.element, 'parameter').map((p) => attr(p, 'name')?.trim() ?? '')]);
  checkPassed(ctx, target.value, declared, elements(endpoint, 'parameter'));
}

/** Reports the passed parameters a template does not declare; returns the names passed. */
function checkPassed(ctx: RuleContext, template: string, declared: ReadonlySet<string> | ReadonlyMap<string, boolean>, params: XmlElement[]): Set<string> {
  const passed = new Set<string>();
  for (const p of params) {
    const name = attrNode(p, 'name');
    if (!name) continue;
    passed.add(name.value);
    if (!declared.has(name.value)) {
      ctx.report('CONDUIT_TEMPLATE_PARAMETER_UNKNOWN', `template '${template}' declares no parameter '${name.value}'; the template never sees it`, name.valueRange);
    }
  }
  return passed;
}

/** A `<parameter>` a sequence template declares. */
export interface DeclaredParameter {
  name: string;
  mandatory: boolean;
  defaultValue?: string;
  /** The range of the `name` attribute's value. */
  nameRange: Range;
}

/**
 * The parameters a `<template>` element declares, when its body is a `<sequence>`; undefined for an
 * endpoint template, whose `$p` placeholders are filled in differently.
 */
export function sequenceTemplateParameters(template: XmlElement): DeclaredParameter[] | undefined {
  if (!child(template, 'sequence')) return undefined;
  const out: DeclaredParameter[] = [];
  for (const p of elements(template, 'parameter')) {
    const name = attrNode(p, 'name');
    if (name?.value) out.push({ name: name.value, mandatory: attr(p, 'isMandatory')?.toLowerCase() === 'true', defaultValue: attr(p, 'defaultValue'), nameRange: name.valueRange });
  }
  return out;
}

/** The expression of a `{expr}` or `{{expr}}` value (the call-template mediator's ValueFactory forms). */
function checkValue(ctx: RuleContext, param: XmlElement): void {
  const value = attrNode(param, 'value');
  const issue = value && checkParamValue(value.value);
  if (issue) ctx.report(issue.code, issue.message, ctx.subRange(value.valueRange, value.value, issue.start, issue.end));
}
