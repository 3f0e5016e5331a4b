/**
 * Evaluation of Synapse expressions with MI's rules: any failure (a missing key or path, a type
 * mismatch, division by zero, null given to anything but == and !=) is logged as
 * `Error evaluating expression: <e> cause : <msg>` and the result is "".
 */
import { ConduitError } from '../../../model/errors';
import { findTemplateExpressions, parseSynapseExpression, type Expr, type PathSegment } from '../../../model/synapse-expression';
import { propertyString } from '../property-values';
import { arithmetic } from './arithmetic';
import { FUNCTIONS } from './functions';
import { applyJsonPath } from './jsonpath';
import type { SynapseScope } from './scope';
import { asJsonTarget, asNumber, asString, fail, fromText, renderResult, SynapseEvaluationError, SynapseNumber, unwrap } from './values';

/** An expression parsed once (at deploy time), with its text for warnings. */
export interface CompiledSynapseExpression {
  readonly text: string;
  readonly ast: Expr;
}

/**
 * Parses the inside of `${...}`. Throws ConduitError CONDUIT_EXPRESSION_INVALID naming the first
 * error and its offset; use parseSynapseExpression to get every error without throwing.
 */
export function compileSynapseExpression(text: string): CompiledSynapseExpression {
  const { ast, errors } = parseSynapseExpression(text);
  if (!ast) {
    const e = errors[0];
    throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `invalid Synapse expression \${${text}}: ${e.message} at offset ${e.offset}`);
  }
  return { text, ast };
}

const CAUSE = (v: unknown) => asString(v) ?? 'null';

class Evaluator {
  constructor(private readonly scope: SynapseScope) {}

  eval(e: Expr): unknown {
    switch (e.kind) {
      case 'literal':
        if (e.type === 'number') return SynapseNumber.fromText(e.value as string) ?? fail(`bad number ${String(e.value)}`);
        return e.value;
      case 'array':
        return e.items.map((i) => this.eval(i));
      case 'negate': {
        const n = asNumber(unwrap(this.eval(e.operand))) ?? fail('- needs a number');
        return arithmetic('-', SynapseNumber.int(0), n);
      }
      case 'conditional': {
        const test = unwrap(this.eval(e.test));
        if (typeof test !== 'boolean') fail(`Condition is not a boolean: ${CAUSE(test)}`);
        return test ? this.eval(e.then) : this.eval(e.else);
      }
      case 'binary':
        return this.binary(e.op, this.eval(e.left), this.eval(e.right));
      case 'payload': {
        const body = this.scope.payload();
        if (body === undefined && e.path.length > 0) fail('the message has no JSON payload');
        return this.path(body, e.path);
      }
      case 'vars': {
        const v = this.scope.variable(e.name);
        if (v === undefined) fail(`Variable ${e.name} is not defined`);
        return e.path.length === 0 ? v : this.path(asJsonTarget(v, `variable ${e.name}`), e.path);
      }
      case 'header':
        return this.textual(this.scope.header(e.name), `Header ${e.name}`);
      case 'config':
        return this.textual(this.scope.config(e.name), `Config ${e.name}`);
      case 'param': {
        const v =
          e.source === 'queryParams' ? this.scope.queryParam(e.name) : e.source === 'pathParams' ? this.scope.pathParam(e.name) : this.scope.functionParam(e.name);
        return this.textual(v, `Parameter ${e.name}`);
      }
      case 'property':
        return this.textual(this.scope.property(e.scope, e.name), `Property ${e.name}`);
      case 'call':
        return this.call(e);
    }
  }

  /** Headers, properties, configs and parameters: their text, read as a number when it is one. */
  private textual(v: unknown, what: string): unknown {
    const s = propertyString(v);
    if (s === undefined) fail(`${what} is not set`);
    return fromText(s);
  }

  private path(value: unknown, path: PathSegment[]): unknown {
    if (path.length === 0) return value;
    return applyJsonPath(value, path, (inner) => this.eval(inner));
  }

  private call(e: Extract<Expr, { kind: 'call' }>): unknown {
    if (e.name === 'exists') {
      try {
        const v = unwrap(this.eval(e.args[0]));
        return v !== null && v !== undefined;
      } catch {
        return false;
      }
    }
    const impl = FUNCTIONS[e.name] ?? fail(`unknown function ${e.name}`);
    const args = e.args.map((a) => this.eval(a));
    if (e.property) {
      if (!this.scope.registryProperty) fail('registry properties are not available here');
      const key = asString(args[0]) ?? '';
      const name = asString(this.eval(e.property[0])) ?? '';
      const value = this.scope.registryProperty(key, name);
      if (value === undefined) fail(`registry resource ${key} has no property ${name}`);
      return value;
    }
    const result = impl(args, this.scope);
    return e.path.length === 0 ? result : this.path(asJsonTarget(result, `${e.name}()`), e.path);
  }

  private binary(op: Extract<Expr, { kind: 'binary' }>['op'], leftValue: unknown, rightValue: unknown): unknown {
    const left = unwrap(leftValue);
    const right = unwrap(rightValue);
    const isNull = (v: unknown) => v === null || v === undefined;
    if (op === '==' || op === '!=') {
      const same = isNull(left) || isNull(right) ? isNull(left) && isNull(right) : asString(left) === asString(right);
      return op === '==' ? same : !same;
    }
    if (isNull(left) || isNull(right)) fail(`Null inputs for ${op} operation: ${CAUSE(left)} and ${CAUSE(right)}`);
    const a = asNumber(left);
    const b = asNumber(right);
    switch (op) {
      case '+':
        if (a && b) return arithmetic('+', a, b);
        if (typeof left === 'string' && typeof right === 'string') return (asString(left) as string) + (asString(right) as string);
        return fail(`Addition between non-numeric values: ${CAUSE(left)} and ${CAUSE(right)}`);
      case '-':
      case '*':
      case '/':
      case '%':
        if (!a || !b) fail(`Arithmetic operation: ${op} between non-numeric values: ${CAUSE(left)} and ${CAUSE(right)}`);
        return arithmetic(op, a, b);
      case '<':
      case '<=':
      case '>':
      case '>=': {
        if (!a || !b) fail(`Comparison between non-numeric values: ${CAUSE(left)} and ${CAUSE(right)}`);
        const [x, y] = [a.toNumber(), b.toNumber()];
        return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
      }
      case 'and':
      case 'or':
        if (typeof left !== 'boolean' || typeof right !== 'boolean') fail(`Logical operation between non-boolean values: ${CAUSE(left)} and ${CAUSE(right)}`);
        return op === 'and' ? left && right : left || right;
    }
  }
}

function target(expr: Expr | CompiledSynapseExpression): CompiledSynapseExpression {
  return 'ast' in expr ? expr : { text: 'expression', ast: expr };
}

/**
 * Evaluates and lets a failure through as SynapseEvaluationError (or the scope's own error), for
 * callers that must tell a failure from an empty result.
 */
export function evaluateSynapseExpressionStrict(expr: Expr | CompiledSynapseExpression, scope: SynapseScope): unknown {
  return new Evaluator(scope).eval(target(expr).ast);
}

/**
 * Evaluates an expression. The value keeps its type: string, boolean, SynapseNumber, JSON (objects,
 * arrays, JsonNumber), null for JSON null, or whatever a variable or property holds. On failure the
 * scope gets the MI warning and the result is "".
 */
export function evaluateSynapseExpression(expr: Expr | CompiledSynapseExpression, scope: SynapseScope): unknown {
  const c = target(expr);
  try {
    return new Evaluator(scope).eval(c.ast);
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    scope.warn(`Error evaluating expression: ${c.text} cause : ${cause}`);
    return '';
  }
}

/** Evaluates and renders as MI prints the result (see renderResult). */
export function evaluateSynapseExpressionToString(expr: Expr | CompiledSynapseExpression, scope: SynapseScope): string {
  return renderResult(evaluateSynapseExpression(expr, scope));
}

/** A template with its `${...}` parts parsed once. */
export interface CompiledTemplate {
  readonly parts: ReadonlyArray<string | CompiledSynapseExpression>;
}

/** Parses every `${...}` of a template; throws CONDUIT_EXPRESSION_INVALID for the first bad one. */
export function compileTemplate(template: string): CompiledTemplate {
  const parts: Array<string | CompiledSynapseExpression> = [];
  let at = 0;
  for (const t of findTemplateExpressions(template)) {
    if (t.start > at) parts.push(template.slice(at, t.start));
    parts.push(compileSynapseExpression(t.text));
    at = t.start + t.length;
  }
  if (at < template.length) parts.push(template.slice(at));
  return { parts };
}

/** Substitutes each `${...}` of a template (a log message) with its rendered result. */
export function evaluateTemplate(template: string | CompiledTemplate, scope: SynapseScope): string {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template;
  return compiled.parts.map((p) => (typeof p === 'string' ? p : evaluateSynapseExpressionToString(p, scope))).join('');
}

export { SynapseEvaluationError };
