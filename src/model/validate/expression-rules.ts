/**
 * MI 4.4 `${...}` expressions beyond whole attribute values (which schema-rules checks): those inside
 * log messages and payloadFactory formats, and variables read before the flow sets them.
 */
import { findTemplateExpressions, forEachExpr, parseSynapseExpression, wholeExpression, type Span } from '../synapse-expression';
import { attr, type Range, type XmlElement, type XmlText } from '../xml';
import { checkSynapseExpression } from './expressions';
import { FLOW_ROOTS, variablesBefore, type VariablesInScope } from './flow-variables';
import type { RuleContext } from './rule-context';

/** A variable read: its name and where `vars.x` or `$var:x` is in the text it was found in. */
interface VariableRead {
  name: string;
  start: number;
  end: number;
}

export function checkExpressions(ctx: RuleContext): void {
  const checkVariables = FLOW_ROOTS.has(ctx.artifact.kind);
  const visit = (el: XmlElement): void => {
    let scope: VariablesInScope | undefined;
    const undefinedReads = (reads: VariableRead[], report: (r: VariableRead) => void) => {
      if (!checkVariables || reads.length === 0) return;
      scope ??= variablesBefore(el);
      if (scope.open) return;
      for (const r of reads) if (!scope.defined.has(r.name)) report(r);
    };
    const warn = (r: VariableRead, range: Range) =>
      ctx.report('CONDUIT_VARIABLE_UNDEFINED', `the variable '${r.name}' is read before any <variable name="${r.name}"> earlier in this flow sets it`, range);

    for (const a of el.attrs) {
      undefinedReads(readsInAttribute(a.value), (r) => warn(r, ctx.subRange(a.valueRange, a.value, r.start, r.end)));
    }
    const template = templateHolder(el);
    for (const c of el.children) {
      if (c.kind === 'element') {
        visit(c);
        continue;
      }
      if (!template) continue;
      const reads: VariableRead[] = [];
      for (const e of findTemplateExpressions(c.text)) {
        const issue = checkSynapseExpression(e.text, e.offset);
        if (issue) {
          ctx.report(issue.code, issue.message, textRange(ctx, c, issue.start, issue.end));
          continue;
        }
        reads.push(...varsRead(e.text, e.offset));
      }
      undefinedReads(reads, (r) => warn(r, textRange(ctx, c, r.start, r.end)));
    }
  };
  visit(ctx.artifact.element);
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
function readsInAttribute(value: string): VariableRead[] {
  const inner = wholeExpression(value);
  if (inner !== undefined) return varsRead(inner, value.indexOf('${') + 2);
  const reads: VariableRead[] = [];
  if (!value.includes('$var:')) return reads;
  for (const m of value.matchAll(/\$var:([A-Za-z_][\w.-]*)/g)) reads.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  return reads;
}

/** `vars.x` reads of an expression; offsets shifted by `at`. Nothing when it does not parse. */
export function varsRead(text: string, at: number): VariableRead[] {
  const { ast } = parseSynapseExpression(text);
  if (!ast) return [];
  const reads: VariableRead[] = [];
  forEachExpr(ast, (e) => {
    if (e.kind === 'vars') reads.push({ name: e.name, start: at + e.offset, end: at + end(e.nameSpan) });
  });
  return reads;
}

const end = (s: Span) => s.offset + s.length;
