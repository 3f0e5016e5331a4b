/**
 * The typed syntax tree of an MI 4.4 Synapse expression (the inside of `${...}`). Every node carries
 * the offset and length of its source text, relative to the start of the expression, so the language
 * server can point at it and the runtime can name it in warnings.
 */

/** Where a node's text is: offset from the start of the expression text, and its length. */
export interface Span {
  offset: number;
  length: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or';

export interface LiteralExpr extends Span {
  kind: 'literal';
  type: 'string' | 'number' | 'boolean' | 'null';
  /** The unescaped string, the number's text as written, the boolean, or null. */
  value: string | boolean | null;
}

export interface ArrayExpr extends Span {
  kind: 'array';
  items: Expr[];
}

export interface BinaryExpr extends Span {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface ConditionalExpr extends Span {
  kind: 'conditional';
  test: Expr;
  then: Expr;
  else: Expr;
}

/** `-expr`, which the grammar allows only as a bound or index inside `[...]`. */
export interface NegateExpr extends Span {
  kind: 'negate';
  operand: Expr;
}

/** `payload` or `$`, with an optional JSONPath tail. */
export interface PayloadExpr extends Span {
  kind: 'payload';
  path: PathSegment[];
}

/** `vars.name` or `vars["name"]`, with an optional JSONPath tail. */
export interface VarsExpr extends Span {
  kind: 'vars';
  name: string;
  nameSpan: Span;
  path: PathSegment[];
}

export interface HeaderExpr extends Span {
  kind: 'header';
  name: string;
  nameSpan: Span;
}

export interface ConfigExpr extends Span {
  kind: 'config';
  name: string;
  nameSpan: Span;
}

export type ParamSource = 'queryParams' | 'pathParams' | 'functionParams';

export interface ParamExpr extends Span {
  kind: 'param';
  source: ParamSource;
  name: string;
  nameSpan: Span;
}

export interface PropertyExpr extends Span {
  kind: 'property';
  scope: 'synapse' | 'axis2';
  name: string;
  nameSpan: Span;
}

/** `name(args)`, optionally followed by `.property(args)` or a JSONPath tail. */
export interface CallExpr extends Span {
  kind: 'call';
  name: string;
  nameSpan: Span;
  args: Expr[];
  /** Arguments of a `.property(...)` suffix (registry resources). */
  property?: Expr[];
  path: PathSegment[];
}

export type Expr =
  | LiteralExpr
  | ArrayExpr
  | BinaryExpr
  | ConditionalExpr
  | NegateExpr
  | PayloadExpr
  | VarsExpr
  | HeaderExpr
  | ConfigExpr
  | ParamExpr
  | PropertyExpr
  | CallExpr;

/**
 * One step of a JSONPath tail. `deep` marks the `..` form (recursive descent). An index item that
 * evaluates to a string selects a member (`payload["name"]`); a number selects an array element.
 */
export type PathSegment =
  | (Span & { kind: 'member'; name: string; deep: boolean; /** Only on a call-like step that is not allowed; check.ts reports it. */ args?: Expr[] })
  | (Span & { kind: 'wildcard'; deep: boolean })
  | (Span & { kind: 'index'; items: Expr[]; deep: boolean })
  | (Span & { kind: 'slice'; start?: Expr; end?: Expr; step?: Expr; deep: boolean })
  | (Span & { kind: 'filter'; filter: FilterExpr; deep: boolean })
  | (Span & { kind: 'function'; name: JsonPathFunction });

export const JSONPATH_FUNCTIONS = ['length', 'size', 'min', 'max', 'avg', 'sum', 'stddev', 'keys', 'first', 'last'] as const;
export type JsonPathFunction = (typeof JSONPATH_FUNCTIONS)[number];

/** Operators a JSONPath filter accepts between two operands (Jayway's set). */
export const FILTER_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', '=~', 'in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** The inside of `[?( ... )]`. Operands are `@` paths, regex literals or ordinary expressions. */
export type FilterExpr =
  | (Span & { kind: 'f-logical'; op: '&&' | '||'; left: FilterExpr; right: FilterExpr })
  | (Span & { kind: 'f-not'; operand: FilterExpr })
  | (Span & { kind: 'f-compare'; op: FilterOperator; left: FilterOperand; right: FilterOperand })
  | (Span & { kind: 'f-exists'; operand: FilterOperand });

export type FilterOperand =
  | (Span & { kind: 'current'; path: PathSegment[] })
  | (Span & { kind: 'regex'; pattern: string; flags: string })
  | Expr;
