/**
 * Hover inside MI 4.4 `${...}` expressions: a function's signature and doc, where `vars.x` was
 * set in the flow, and in a sequence template the declaration of `params.functionParams.x`.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { findTemplateExpressions, forEachExpr, parseSynapseExpression, synapseFunction, wholeExpression, type Expr } from '../model/synapse-expression';
import type { ProjectIndex } from '../model/validate';
import { sequencesOf, variablesBefore } from '../model/validate/flow-variables';
import { sequenceTemplateParameters } from '../model/validate/template-rules';
import type { Artifact } from '../model/types';
import { attr, LineIndex } from '../model/xml';
import { contains, toLspRange } from './convert';
import type { Located } from './locate';
import { parameterMarkdown } from './template-params';

/** An expression under the cursor: its text, where that text starts in the file, and the cursor in it. */
interface ExpressionAt {
  text: string;
  base: number;
  cursor: number;
}

export function expressionHover(index: ProjectIndex, artifact: Artifact, at: Located, pos: Position): Hover | null {
  const lines = new LineIndex(artifact.doc.text);
  const found = expressionAt(artifact.doc.text, at, pos);
  if (!found) return null;
  const { ast } = parseSynapseExpression(found.text);
  const range = (offset: number, length: number) => toLspRange(lines.range(found.base + offset, found.base + offset + length));
  const functionHover = (name: string, offset: number) => {
    const f = synapseFunction(name);
    return f ? { contents: { kind: MarkupKind.Markdown, value: `\`${f.signature}\`\n\n${f.doc}` }, range: range(offset, name.length) } : null;
  };
  // While an expression is being written it often does not parse yet; a function name still can be told.
  if (!ast) {
    for (const m of found.text.matchAll(/([A-Za-z_][\w-]*)\s*\(/g)) {
      if (found.cursor >= m.index && found.cursor <= m.index + m[1].length) return functionHover(m[1], m.index);
    }
    return null;
  }
  let hit: Expr | undefined;
  forEachExpr(ast, (e) => {
    const named = e.kind === 'vars' || (e.kind === 'param' && e.source === 'functionParams');
    const span = e.kind === 'call' ? e.nameSpan : named ? { offset: e.offset, length: e.nameSpan.offset + e.nameSpan.length - e.offset } : undefined;
    if (span && found.cursor >= span.offset && found.cursor <= span.offset + span.length) hit = e;
  });
  if (!hit) return null;
  if (hit.kind === 'call') return functionHover(hit.name, hit.nameSpan.offset);
  if (hit.kind !== 'vars' && hit.kind !== 'param') return null;
  const { name } = hit;
  const whole = range(hit.offset, hit.nameSpan.offset + hit.nameSpan.length - hit.offset);
  if (hit.kind === 'param') {
    const template = artifact.kind === 'template' ? artifact : undefined;
    const declaration = template && sequenceTemplateParameters(template.element)?.find((p) => p.name === name);
    return { contents: { kind: MarkupKind.Markdown, value: parameterMarkdown(name, artifact.name, template, declaration) }, range: whole };
  }
  const scope = variablesBefore(at.element, sequencesOf(index));
  const def = scope.defined.get(hit.name);
  const where = def?.via
    ? `set in sequence \`${attr(def.via, 'key')}\`, called at line ${def.via.range.start.line + 1}`
    : def
      ? `set by \`<${def.element.local}>\` at line ${def.element.range.start.line + 1}`
      : scope.open
        ? 'not set earlier in this flow; a sequence or template called before may set it'
        : 'not set earlier in this flow';
  return { contents: { kind: MarkupKind.Markdown, value: `**variable** \`${hit.name}\` — ${where}` }, range: whole };
}

/**
 * The `${...}` under the cursor: a whole attribute value, or one in the element's text. Only where
 * the source text is the value itself (no entity references), so offsets match.
 */
function expressionAt(source: string, at: Located, pos: Position): ExpressionAt | undefined {
  const offset = offsetOf(source, pos);
  const a = at.attribute;
  if (a && contains(a.valueRange, pos)) {
    const inner = wholeExpression(a.value);
    if (inner === undefined || a.valueRange.end.offset - a.valueRange.start.offset !== a.value.length) return undefined;
    const base = a.valueRange.start.offset + a.value.indexOf('${') + 2;
    return { text: inner, base, cursor: offset - base };
  }
  for (const c of at.element.children) {
    if (c.kind !== 'text' || !contains(c.range, pos)) continue;
    const raw = source.slice(c.range.start.offset, c.range.end.offset);
    const start = raw === c.text ? c.range.start.offset : c.cdata && raw === `<![CDATA[${c.text}]]>` ? c.range.start.offset + 9 : undefined;
    if (start === undefined) return undefined;
    const e = findTemplateExpressions(c.text).find((x) => offset - start >= x.offset && offset - start <= x.offset + x.text.length);
    if (e) return { text: e.text, base: start + e.offset, cursor: offset - start - e.offset };
  }
  return undefined;
}

function offsetOf(text: string, pos: Position): number {
  let at = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(at + pos.character, text.length);
}
