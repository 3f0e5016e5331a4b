/** Visiting every expression inside a tree, including those nested in paths and filters. */
import type { Expr, FilterExpr, FilterOperand, PathSegment } from './ast';

/** A part of the tree still to walk. */
type Step = { expr: Expr | undefined } | { path: PathSegment[] } | { filter: FilterExpr } | { operand: FilterOperand };

/**
 * Calls visit for the expression and every expression inside it, parents first. An explicit stack, as
 * walkElements: `1 + 1 + ... + 1` nests as deep as it is long, and the language server checks it as it is typed.
 */
export function forEachExpr(root: Expr, visit: (e: Expr) => void): void {
  const stack: Step[] = [{ expr: root }];
  while (stack.length > 0) {
    const next = expand(stack.pop()!, visit);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
}

/** Visits the step's expression, if it is one, and returns the parts below it in source order. */
function expand(step: Step, visit: (e: Expr) => void): Step[] {
  const exprs = (list: Array<Expr | undefined>): Step[] => list.map((expr) => ({ expr }));
  if ('expr' in step) {
    const e = step.expr;
    if (!e) return [];
    visit(e);
    switch (e.kind) {
      case 'array':
        return exprs(e.items);
      case 'binary':
        return exprs([e.left, e.right]);
      case 'conditional':
        return exprs([e.test, e.then, e.else]);
      case 'negate':
        return exprs([e.operand]);
      case 'payload':
      case 'vars':
        return [{ path: e.path }];
      case 'call':
        return [...exprs(e.args), ...exprs(e.property ?? []), { path: e.path }];
      default:
        return [];
    }
  }
  if ('path' in step) {
    return step.path.flatMap((s): Step[] => {
      if (s.kind === 'index') return exprs(s.items);
      if (s.kind === 'slice') return exprs([s.start, s.end, s.step]);
      if (s.kind === 'filter') return [{ filter: s.filter }];
      if (s.kind === 'member') return exprs(s.args ?? []);
      return [];
    });
  }
  if ('filter' in step) {
    const f = step.filter;
    if (f.kind === 'f-logical') return [{ filter: f.left }, { filter: f.right }];
    if (f.kind === 'f-not') return [{ filter: f.operand }];
    if (f.kind === 'f-exists') return [{ operand: f.operand }];
    return [{ operand: f.left }, { operand: f.right }];
  }
  const o = step.operand;
  if (o.kind === 'current') return [{ path: o.path }];
  return o.kind === 'regex' ? [] : [{ expr: o }];
}

/** Names of the variables (`vars.x`) the expression reads, each once, in order of appearance. */
export function variablesReferenced(ast: Expr): string[] {
  const names: string[] = [];
  forEachExpr(ast, (e) => {
    if (e.kind === 'vars' && !names.includes(e.name)) names.push(e.name);
  });
  return names;
}
