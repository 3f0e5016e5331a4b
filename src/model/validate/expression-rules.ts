/**
 * MI 4.4 `${...}` expressions beyond whole attribute values (which schema-rules checks): those inside
 * log messages and payloadFactory formats, variables read before the flow sets them, and, in a
 * sequence template, parameters read that the template does not declare.
 */
import { findTemplateExpressions, forEachExpr, parseSynapseExpression, wholeExpression, type Span } from '../synapse-expression';
import { attr, type Range, type XmlElement, walkElements, type XmlText } from '../xml';
import { checkSynapseExpression } from './expressions';
import { FLOW_ROOTS, sequencesOf, variablesBefore, type VariablesInScope } from './flow-variables';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';
import { sequenceTemplateParameters } from './template-rules';

/**
 * A read of a variable (`vars.x`, `$var:x`) or a template parameter (`params.functionParams.x`,
 * `$func:x`, `get-property('func', 'x')`): its name and where the name's read is in the text it was
 * found in.
 */
export interface NameRead {
  name: string;
  start: number;
  end: number;
}

export function checkExpressions(ctx: RuleContext, index: ProjectIndex): void {
  const checkVariables = FLOW_ROOTS.has(ctx.artifact.kind);
  const sequences = sequencesOf(index);
  const declared = ctx.artifact.kind === 'template' ? sequenceTemplateParameters(ctx.artifact.element) : undefined;
  const parameters = declared && new Set(declared.map((p) => p.name));
  const undeclaredReads = (reads: NameRead[], range: (r: NameRead) => Range) => {
    if (!parameters) return;
    for (const r of reads) {
      if (parameters.has(r.name)) continue;
      ctx.report('CONDUIT_TEMPLATE_PARAMETER_UNKNOWN', `template '${ctx.artifact.name}' declares no parameter '${r.name}', so no call ever sets it`, range(r));
    }
  };
  walkElements(ctx.artifact.element, (el) => {
    let scope: VariablesInScope | undefined;
    const undefinedReads = (reads: NameRead[], report: (r: NameRead) => void) => {
      if (!checkVariables || reads.length === 0) return;
      scope ??= variablesBefore(el, sequences);
      if (scope.open) return;
      for (const r of reads) if (!scope.defined.has(r.name)) report(r);
    };
    const warn = (r: NameRead, range: Range) =>
      ctx.report('CONDUIT_VARIABLE_UNDEFINED', `the variable '${r.name}' is read before any <variable name="${r.name}"> earlier in this flow sets it`, range);

    for (const a of el.attrs) {
      const at = (r: NameRead) => ctx.subRange(a.valueRange, a.value, r.start, r.end);
      undefinedReads(readsInAttribute(a.value), (r) => warn(r, at(r)));
      if (parameters) undeclaredReads(parameterReadsInAttribute(a.value), at);
    }
    // Text first: templateHolder looks up the ancestors, which for every element of a deep tree is quadratic.
    if (!el.children.some((c) => c.kind === 'text' && c.text.includes('${')) || !templateHolder(el)) return;
    for (const c of el.children) {
      if (c.kind === 'element') continue;
      const reads: NameRead[] = [];
      const params: NameRead[] = [];
      for (const e of findTemplateExpressions(c.text)) {
        const issue = checkSynapseExpression(e.text, e.offset);
        if (issue) {
          ctx.report(issue.code, issue.message, textRange(ctx, c, issue.start, issue.end));
          continue;
        }
        const found = expressionReads(e.text, e.offset);
        reads.push(...found.vars);
        params.push(...found.functionParams);
      }
      undefinedReads(reads, (r) => warn(r, textRange(ctx, c, r.start, r.end)));
      undeclaredReads(params, (r) => textRange(ctx, c, r.start, r.end));
    }
  });
}

/** True for elements whose text MI reads as a template of `${...}` expressions. */
function templateHolder(el: XmlElement): boolean {
  if (el.local === 'message') return el.parent?.local === 'log';
  // A freemarker template uses `${...}` for its own language.
  const factory = enclosing(el, 'format')?.parent;
  return factory?.local === 'payloadFactory' && attr(factory, 'template-type')?.trim().toLowerCase() !== 'freemarker' && attr(enclosing(el, 'format')!, 'key') === undefined;
}

/** The element itself or its nearest ancestor with that local name. */
function enclosing(el: XmlElement, local: string): XmlElement | undefined {
  for (let e: XmlElement | undefined = el; e; e = e.parent) if (e.local === local) return e;
  return undefined;
}

function textRange(ctx: RuleContext, text: XmlText, start: number, end: number): Range {
  return ctx.decodedSubRange(text.range, text.text, start, end);
}

/** Variables an attribute value reads: `vars.x` in a whole `${...}`, or `$var:x` in XPath. */
function readsInAttribute(value: string): NameRead[] {
  const inner = wholeExpression(value);
  if (inner !== undefined) return expressionReads(inner, value.indexOf('${') + 2).vars;
  const reads: NameRead[] = [];
  if (!value.includes('$var:')) return reads;
  for (const m of value.matchAll(/\$var:([A-Za-z_][\w.-]*)/g)) reads.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  return reads;
}

/**
 * Template parameters an attribute value reads: `params.functionParams.x` in a whole `${...}`, else
 * `$func:x` or `get-property('func', 'x')` in XPath (the range covers the name only in the latter).
 */
export function parameterReadsInAttribute(value: string): NameRead[] {
  const inner = wholeExpression(value);
  if (inner !== undefined) return expressionReads(inner, value.indexOf('${') + 2).functionParams;
  const reads: NameRead[] = [];
  if (!value.includes('func')) return reads;
  for (const m of value.matchAll(/\$func:([A-Za-z_][\w.-]*)/g)) reads.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  for (const m of value.matchAll(/get-property\(\s*(['"])func\1\s*,\s*(['"])([^'"]+)\2\s*\)/g)) {
    const start = m.index + m[0].lastIndexOf(m[3]);
    reads.push({ name: m[3], start, end: start + m[3].length });
  }
  return reads.sort((a, b) => a.start - b.start);
}

/**
 * The `vars.x` and `params.functionParams.x` reads of an expression; offsets shifted by `at`.
 * Nothing when it does not parse.
 */
export function expressionReads(text: string, at: number): { vars: NameRead[]; functionParams: NameRead[] } {
  const reads = { vars: [] as NameRead[], functionParams: [] as NameRead[] };
  const { ast } = parseSynapseExpression(text);
  if (!ast) return reads;
  forEachExpr(ast, (e) => {
    const read = (list: NameRead[], name: string, nameSpan: Span) => list.push({ name, start: at + e.offset, end: at + end(nameSpan) });
    if (e.kind === 'vars') read(reads.vars, e.name, e.nameSpan);
    else if (e.kind === 'param' && e.source === 'functionParams') read(reads.functionParams, e.name, e.nameSpan);
  });
  return reads;
}

const end = (s: Span) => s.offset + s.length;
