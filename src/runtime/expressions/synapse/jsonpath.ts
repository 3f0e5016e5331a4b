/**
 * JSONPath tails (`payload.a.b[0]`, `$..book[?(@.price > 10)]`) evaluated over JSON values with the
 * results of Jayway JsonPath, which MI uses: a definite path (names and single indexes only) yields one
 * value and fails when a step is missing; an indefinite one (`..`, `*`, slices, filters, several
 * indexes) yields an array of what matched, `[]` when nothing does. The path is walked over our own
 * syntax tree because its indexes and filter operands are Synapse expressions evaluated in between.
 */
import type { Expr, FilterExpr, FilterOperand, JsonPathFunction, PathSegment } from '../../../model/synapse-expression';
import { asNumber, fail, isJsonContainer, SynapseNumber, unwrap } from './values';

type Evaluate = (e: Expr) => unknown;

const MISSING = Symbol('missing');

function isObject(v: unknown): v is Record<string, unknown> {
  return isJsonContainer(v) && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (isObject(v)) return 'object';
  return asNumber(v) ? 'number' : typeof v;
}

function isDefinite(seg: PathSegment): boolean {
  if (seg.kind === 'member' || seg.kind === 'function') return !('deep' in seg && seg.deep);
  if (seg.kind === 'index') return !seg.deep && seg.items.length === 1;
  return false;
}

/** The node and then every node below it, each node's children before their descendants (Jayway's scan order). */
function scan(node: unknown, visit: (n: unknown) => void): void {
  visit(node);
  const children = Array.isArray(node) ? node : isObject(node) ? Object.values(node) : [];
  for (const c of children) scan(c, visit);
}

function indexValue(v: unknown): number | string {
  const value = unwrap(v);
  if (typeof value === 'string') return value;
  const n = asNumber(value);
  if (n && n.isIntegral) return n.toNumber();
  return fail(`array index must be a whole number or a name, not ${String(value)}`);
}

class PathWalker {
  constructor(private readonly evaluate: Evaluate) {}

  /** Applies the path to the value; see the file comment for the result. */
  apply(value: unknown, path: PathSegment[], where = '$'): unknown {
    let current: unknown = unwrap(value);
    let rest = path;
    // Functions (length(), min(), ...) end a run of steps and work on what that run produced.
    while (rest.length > 0) {
      const fnAt = rest.findIndex((s) => s.kind === 'function');
      const run = fnAt < 0 ? rest : rest.slice(0, fnAt);
      if (run.length > 0) current = this.run(current, run, where);
      if (fnAt < 0) break;
      current = applyFunction((rest[fnAt] as { name: JsonPathFunction }).name, current);
      rest = rest.slice(fnAt + 1);
    }
    return current;
  }

  private run(root: unknown, run: PathSegment[], where: string): unknown {
    const definite = run.every(isDefinite);
    let nodes: unknown[] = [root];
    let at = where;
    for (const seg of run) {
      const next: unknown[] = [];
      for (const node of nodes) this.step(node, seg, next, definite, at);
      nodes = next;
      at += describe(seg);
    }
    return definite ? nodes[0] : nodes;
  }

  private step(node: unknown, seg: PathSegment, out: unknown[], definite: boolean, at: string): void {
    switch (seg.kind) {
      case 'member':
        if (seg.deep) {
          scan(node, (n) => {
            if (isObject(n) && Object.hasOwn(n, seg.name)) out.push(n[seg.name]);
          });
        } else this.member(node, seg.name, out, definite, at);
        return;
      case 'wildcard': {
        const children = (n: unknown) => (Array.isArray(n) ? n : isObject(n) ? Object.values(n) : []);
        if (seg.deep) scan(node, (n) => out.push(...children(n)));
        else out.push(...children(node));
        return;
      }
      case 'index': {
        const items = seg.items.map((e) => indexValue(this.evaluate(e)));
        const apply = (n: unknown) => {
          for (const item of items) {
            if (typeof item === 'string') this.member(n, item, out, definite && !seg.deep, at);
            else this.element(n, item, out, definite && !seg.deep, at);
          }
        };
        if (seg.deep) scan(node, (n) => Array.isArray(n) && apply(n));
        else apply(node);
        return;
      }
      case 'slice': {
        const bound = (e?: Expr) => (e === undefined ? undefined : indexValue(this.evaluate(e)));
        const [start, end, stepBy] = [bound(seg.start), bound(seg.end), bound(seg.step)];
        if ([start, end, stepBy].some((b) => typeof b === 'string')) fail('slice bounds must be numbers');
        const apply = (n: unknown) => {
          if (!Array.isArray(n)) return;
          out.push(...slice(n, start as number | undefined, end as number | undefined, stepBy as number | undefined));
        };
        if (seg.deep) scan(node, apply);
        else apply(node);
        return;
      }
      case 'filter': {
        const apply = (n: unknown) => {
          if (Array.isArray(n)) out.push(...n.filter((item) => this.test(seg.filter, item)));
          else if (isObject(n) && this.test(seg.filter, n)) out.push(n);
        };
        if (seg.deep) scan(node, (n) => Array.isArray(n) && apply(n));
        else apply(node);
        return;
      }
      case 'function':
        return;
    }
  }

  private member(node: unknown, name: string, out: unknown[], definite: boolean, at: string): void {
    if (isObject(node) && Object.hasOwn(node, name)) out.push(node[name]);
    else if (definite) {
      if (isObject(node)) fail(`No results for path: ${at}['${name}']`);
      fail(`Expected to find an object with property ['${name}'] in path ${at} but found '${kindOf(node)}'`);
    }
  }

  private element(node: unknown, index: number, out: unknown[], definite: boolean, at: string): void {
    if (Array.isArray(node)) {
      const i = index < 0 ? node.length + index : index;
      if (i >= 0 && i < node.length) return void out.push(node[i]);
      if (definite) fail(`Index ${index} out of bounds in path ${at}`);
    } else if (definite) fail(`Filter: [${index}] can only be applied to arrays; ${at} is '${kindOf(node)}'`);
  }

  private test(f: FilterExpr, current: unknown): boolean {
    switch (f.kind) {
      case 'f-logical':
        return f.op === '&&' ? this.test(f.left, current) && this.test(f.right, current) : this.test(f.left, current) || this.test(f.right, current);
      case 'f-not':
        return !this.test(f.operand, current);
      case 'f-exists': {
        const v = this.operand(f.operand, current);
        return f.operand.kind === 'current' ? v !== MISSING : v === true;
      }
      case 'f-compare':
        return compare(f.op, this.operand(f.left, current), this.operand(f.right, current));
    }
  }

  private operand(o: FilterOperand, current: unknown): unknown {
    if (o.kind === 'current') {
      try {
        const v = this.apply(current, o.path, '@');
        // An indefinite @-path that matched nothing does not exist either.
        return Array.isArray(v) && v.length === 0 && !o.path.every(isDefinite) ? MISSING : v;
      } catch {
        return MISSING;
      }
    }
    if (o.kind === 'regex') return new RegExp(o.pattern, o.flags.replace(/[^imsu]/g, ''));
    return unwrap(this.evaluate(o));
  }
}

function describe(seg: PathSegment): string {
  const dots = 'deep' in seg && seg.deep ? '..' : '';
  switch (seg.kind) {
    case 'member':
      return `${dots}['${seg.name}']`;
    case 'wildcard':
      return `${dots}[*]`;
    case 'function':
      return `.${seg.name}()`;
    default:
      return `${dots}[...]`;
  }
}

function slice(arr: unknown[], start?: number, end?: number, step = 1): unknown[] {
  const len = arr.length;
  const norm = (i: number) => (i < 0 ? Math.max(len + i, 0) : Math.min(i, len));
  const from = start === undefined ? 0 : norm(start);
  const to = end === undefined ? len : norm(end);
  if (step <= 0) fail('slice step must be positive');
  const out: unknown[] = [];
  for (let i = from; i < to; i += step) out.push(arr[i]);
  return out;
}

/** A filter operand as Jayway compares it: numbers as numbers, everything else as itself. */
function comparable(v: unknown): unknown {
  const n = asNumber(v);
  return n ? n.toNumber() : v;
}

function sameValue(a: unknown, b: unknown): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (isJsonContainer(x) || isJsonContainer(y)) return JSON.stringify(x) === JSON.stringify(y);
  return x === y;
}

function compare(op: string, left: unknown, right: unknown): boolean {
  if (op === '!=') return !compare('==', left, right);
  if (left === MISSING || right === MISSING) return false;
  const a = comparable(left);
  const b = comparable(right);
  switch (op) {
    case '==':
      return sameValue(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const ordered = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
      if (!ordered) return false;
      const [x, y] = [a as number | string, b as number | string];
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    case '=~':
      return typeof a === 'string' && b instanceof RegExp && b.test(a);
    case 'in':
      return Array.isArray(b) && b.some((x) => sameValue(a, x));
    case 'nin':
      return Array.isArray(b) && !b.some((x) => sameValue(a, x));
    case 'subsetof':
      return Array.isArray(a) && Array.isArray(b) && a.every((x) => b.some((y) => sameValue(x, y)));
    case 'anyof':
      return Array.isArray(a) && Array.isArray(b) && a.some((x) => b.some((y) => sameValue(x, y)));
    case 'noneof':
      return Array.isArray(a) && Array.isArray(b) && !a.some((x) => b.some((y) => sameValue(x, y)));
    case 'size':
      return (Array.isArray(a) || typeof a === 'string') && a.length === b;
    case 'empty':
      return (Array.isArray(a) || typeof a === 'string') && (a.length === 0) === b;
    default:
      return false;
  }
}

function numbers(v: unknown, fn: string): number[] {
  if (!Array.isArray(v)) fail(`${fn}() needs an array of numbers`);
  const out = v.map((x) => asNumber(unwrap(x))?.toNumber());
  if (out.length === 0 || out.some((x) => x === undefined)) fail(`${fn}() needs a non-empty array of numbers`);
  return out as number[];
}

function applyFunction(name: JsonPathFunction, value: unknown): unknown {
  const v = unwrap(value);
  switch (name) {
    case 'length':
    case 'size':
      if (Array.isArray(v) || typeof v === 'string') return SynapseNumber.int(v.length);
      if (isObject(v)) return SynapseNumber.int(Object.keys(v).length);
      return fail(`${name}() needs an array, object or string`);
    case 'min':
      return SynapseNumber.double(Math.min(...numbers(v, name)));
    case 'max':
      return SynapseNumber.double(Math.max(...numbers(v, name)));
    case 'sum':
      return SynapseNumber.double(numbers(v, name).reduce((a, b) => a + b, 0));
    case 'avg': {
      const ns = numbers(v, name);
      return SynapseNumber.double(ns.reduce((a, b) => a + b, 0) / ns.length);
    }
    case 'stddev': {
      const ns = numbers(v, name);
      const mean = ns.reduce((a, b) => a + b, 0) / ns.length;
      return SynapseNumber.double(Math.sqrt(ns.reduce((a, b) => a + (b - mean) ** 2, 0) / ns.length));
    }
    case 'keys':
      if (!isObject(v)) fail('keys() needs an object');
      return Object.keys(v);
    case 'first':
    case 'last':
      if (!Array.isArray(v) || v.length === 0) fail(`${name}() needs a non-empty array`);
      return name === 'first' ? v[0] : v[v.length - 1];
  }
}

/** Applies a JSONPath tail to a JSON value; `evaluate` computes the Synapse expressions inside it. */
export function applyJsonPath(value: unknown, path: PathSegment[], evaluate: Evaluate): unknown {
  return new PathWalker(evaluate).apply(value, path);
}
