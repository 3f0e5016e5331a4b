/** Visiting every expression inside a tree, including those nested in paths and filters. */
import type { Expr, FilterExpr, FilterOperand, PathSegment } from './ast';

/** Calls visit for the expression and every expression inside it, parents first. */
export function forEachExpr(root: Expr, visit: (e: Expr) => void): void {
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    visit(e);
    switch (e.kind) {
      case 'array':
        e.items.forEach(expr);
        break;
      case 'binary':
        expr(e.left);
        expr(e.right);
        break;
      case 'conditional':
        expr(e.test);
        expr(e.then);
        expr(e.else);
        break;
      case 'negate':
        expr(e.operand);
        break;
      case 'payload':
      case 'vars':
        path(e.path);
        break;
      case 'call':
        e.args.forEach(expr);
        e.property?.forEach(expr);
        path(e.path);
        break;
      default:
        break;
    }
  };
  const path = (segments: PathSegment[]): void => {
    for (const s of segments) {
      if (s.kind === 'index') s.items.forEach(expr);
      else if (s.kind === 'slice') [s.start, s.end, s.step].forEach(expr);
      else if (s.kind === 'filter') filter(s.filter);
      else if (s.kind === 'member') s.args?.forEach(expr);
    }
  };
  const filter = (f: FilterExpr): void => {
    if (f.kind === 'f-logical') (filter(f.left), filter(f.right));
    else if (f.kind === 'f-not') filter(f.operand);
    else if (f.kind === 'f-exists') operand(f.operand);
    else (operand(f.left), operand(f.right));
  };
  const operand = (o: FilterOperand): void => {
    if (o.kind === 'current') path(o.path);
    else if (o.kind !== 'regex') expr(o);
  };
  expr(root);
}

/** Names of the variables (`vars.x`) the expression reads, each once, in order of appearance. */
export function variablesReferenced(ast: Expr): string[] {
  const names: string[] = [];
  forEachExpr(ast, (e) => {
    if (e.kind === 'vars' && !names.includes(e.name)) names.push(e.name);
  });
  return names;
}
