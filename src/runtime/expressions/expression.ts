/**
 * The one entry point for expressions in artifacts: `json-eval(...)` → JSONPath, a whole-value `${...}`
 * → Synapse expressions (MI 4.4), anything else → XPath 1.0. Compiled once at deploy time.
 */
import { ConduitError } from '../../model/errors';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { compileJsonPath } from './json-path';
import { compileSynapse as compileSynapseDefault } from './synapse-adapter';
import type { Expression, Namespaces } from './types';
import { compileXPath } from './xpath-expression';

export type { Expression, Namespaces } from './types';

/** Compiles a Synapse expression. `source` is the whole `${...}` text; `namespaces` as for XPath. */
export type SynapseExpressionCompiler = (source: string, namespaces: Namespaces) => Expression;

let synapseCompiler: SynapseExpressionCompiler | undefined = compileSynapseDefault;

/** Replaces the compiler for `${...}` expressions (the default is the evaluator in ./synapse). */
export function useSynapseExpressions(compiler: SynapseExpressionCompiler): void {
  synapseCompiler = compiler;
}

/** True when a value is a whole Synapse expression `${...}`. */
export function isSynapseExpression(text: string): boolean {
  const t = text.trim();
  return t.startsWith('${') && t.endsWith('}');
}

function compileSynapse(source: string, namespaces: Namespaces): Expression {
  if (!synapseCompiler) {
    throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `the Synapse expression ${source} cannot be compiled: Synapse expressions are not available in this runtime`);
  }
  return synapseCompiler(source, namespaces);
}

/**
 * Compiles an expression attribute value. Throws ConduitError CONDUIT_EXPRESSION_INVALID when it does
 * not parse; at run time a failing expression yields "" and a WARN.
 */
export function compileExpression(text: string, namespaces: Namespaces = {}): Expression {
  const t = text.trim();
  if (t === '') throw new ConduitError('CONDUIT_EXPRESSION_INVALID', 'the expression is empty');
  const json = /^json-eval\(([\s\S]*)\)$/.exec(t);
  if (json) return compileJsonPath(json[1].trim(), t);
  if (isSynapseExpression(t)) return compileSynapse(t, namespaces);
  return compileXPath(t, namespaces);
}

/** A literal piece or an expression of a `${...}` template (log `<message>`, payloadFactory format). */
export type TemplatePart = { literal: string } | { expression: Expression; raw: string };

/**
 * Splits a template into literals and `${...}` expressions (InlineExpressionUtil: non-greedy, so an
 * expression cannot contain `}`), compiling each.
 */
export function compileTemplate(text: string, namespaces: Namespaces = {}): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const re = /\$\{(.+?)\}/gs;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ literal: text.slice(last, m.index) });
    parts.push({ expression: compileSynapse(m[0], namespaces), raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

/** Renders a compiled template to a string. */
export function renderTemplate(parts: TemplatePart[], msg: MessageContext, log?: Logger): string {
  let out = '';
  for (const p of parts) out += 'literal' in p ? p.literal : p.expression.evaluate(msg, log);
  return out;
}

/** All namespace declarations in scope at an element of the positioned tree (nearest wins). */
export function namespacesInScope(el: { nsDecls: Record<string, string>; parent?: unknown }): Namespaces {
  const chain: Array<Record<string, string>> = [];
  for (let e: { nsDecls: Record<string, string>; parent?: unknown } | undefined = el; e; e = e.parent as typeof e) chain.push(e.nsDecls);
  const out: Namespaces = {};
  for (const decls of chain.reverse()) Object.assign(out, decls);
  return out;
}
