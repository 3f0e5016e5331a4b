/**
 * Parser for the inside of `${...}`, with the precedence of MI's ExpressionParser grammar:
 *
 *   expr  := cmp ('?' expr ':' expr)?
 *   cmp   := logic (('=='|'!='|'>'|'<'|'>='|'<=') logic)*
 *   logic := arith (('and'|'&&'|'or'|'||') logic)?      -- binds tighter than comparisons
 *   arith := term (('+'|'-') term)* ;  term := factor (('*'|'/'|'%') factor)*
 *
 * The tree is built while parsing (chevrotain embedded actions); checks that need names (unknown
 * function, arity, parameter source) run afterwards over the tree, see check.ts.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from './chevrotain';
import type {
  BinaryOp,
  Expr,
  FilterExpr,
  FilterOperand,
  FilterOperator,
  JsonPathFunction,
  ParamSource,
  PathSegment,
  Span,
} from './ast';
import { JSONPATH_FUNCTIONS } from './ast';
import * as T from './lexer';

const CMP_OPS: Array<[TokenType, BinaryOp]> = [
  [T.Eq, '=='],
  [T.Neq, '!='],
  [T.Gte, '>='],
  [T.Lte, '<='],
  [T.Gt, '>'],
  [T.Lt, '<'],
];
const WORD_FILTER_OPS = new Set(['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty']);

/** Removes the quotes of a string literal and resolves its escapes (\n, \uXXXX, octal, ...). */
export function unquote(image: string): string {
  const body = image.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|.)/g, (_m, e: string) => {
    if (e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r' };
    return simple[e] ?? e;
  });
}

class SynapseExpressionParser extends EmbeddedActionsParser {
  constructor() {
    super(T.ALL_TOKENS, { maxLookahead: 4, recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  private span(start: IToken): Span {
    const last = this.LA(0);
    return { offset: start.startOffset, length: T.tokenEnd(last) - start.startOffset };
  }

  private join(a: Span, b: Span): Span {
    return { offset: a.offset, length: b.offset + b.length - a.offset };
  }

  public expression = this.RULE('expression', (): Expr => {
    const start = this.LA(1);
    let e = this.SUBRULE(this.comparison);
    this.OPTION(() => {
      this.CONSUME(T.Question);
      const then = this.SUBRULE1(this.expression);
      this.CONSUME(T.Colon);
      const otherwise = this.SUBRULE2(this.expression);
      e = { kind: 'conditional', test: e, then, else: otherwise, ...this.span(start) };
    });
    return e;
  });

  private comparison = this.RULE('comparison', (): Expr => {
    let left = this.SUBRULE(this.logic);
    this.MANY(() => {
      const op = this.OR(CMP_OPS.map(([tok, op]) => ({ ALT: () => (this.CONSUME(tok), op) })));
      const right = this.SUBRULE1(this.logic);
      left = { kind: 'binary', op, left, right, ...this.join(left, right) };
    });
    return left;
  });

  private logic = this.RULE('logic', (): Expr => {
    let left = this.SUBRULE(this.arith);
    this.OPTION(() => {
      const op = this.OR([
        { ALT: () => (this.CONSUME(T.AndOp), 'and' as const) },
        { ALT: () => (this.CONSUME(T.OrOp), 'or' as const) },
      ]);
      const right = this.SUBRULE1(this.logic);
      left = { kind: 'binary', op, left, right, ...this.join(left, right) };
    });
    return left;
  });

  private arith = this.RULE('arith', (): Expr => {
    let left = this.SUBRULE(this.term);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => (this.CONSUME(T.Plus), '+' as const) },
        { ALT: () => (this.CONSUME(T.Minus), '-' as const) },
      ]);
      const right = this.SUBRULE1(this.term);
      left = { kind: 'binary', op, left, right, ...this.join(left, right) };
    });
    return left;
  });

  private term = this.RULE('term', (): Expr => {
    let left = this.SUBRULE(this.factor);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => (this.CONSUME(T.Star), '*' as const) },
        { ALT: () => (this.CONSUME(T.Slash), '/' as const) },
        { ALT: () => (this.CONSUME(T.Percent), '%' as const) },
      ]);
      const right = this.SUBRULE1(this.factor);
      left = { kind: 'binary', op, left, right, ...this.join(left, right) };
    });
    return left;
  });

  private factor = this.RULE('factor', (): Expr => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.operand) },
      {
        ALT: () => {
          const start = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
          // Keep the inner node but widen it to the parentheses, so hovers cover them.
          return { ...inner, ...this.span(start) };
        },
      },
    ]);
  });

  /** A factor other than a parenthesised expression: what a filter may compare. */
  private operand = this.RULE('operand', (): Expr => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.vars) },
      { ALT: () => this.SUBRULE(this.payload) },
      { ALT: () => this.SUBRULE(this.headers) },
      { ALT: () => this.SUBRULE(this.configs) },
      { ALT: () => this.SUBRULE(this.params) },
      { ALT: () => this.SUBRULE(this.props) },
    ]);
  });

  private literal = this.RULE('literal', (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLiteral);
          return { kind: 'literal', type: 'string', value: this.ACTION(() => unquote(t.image)), ...this.span(t) };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLiteral);
          return { kind: 'literal', type: 'number', value: t.image, ...this.span(t) };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.TrueKw);
          return { kind: 'literal', type: 'boolean', value: true, ...this.span(t) };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.FalseKw);
          return { kind: 'literal', type: 'boolean', value: false, ...this.span(t) };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.NullKw);
          return { kind: 'literal', type: 'null', value: null, ...this.span(t) };
        },
      },
    ]);
  });

  private arrayLiteral = this.RULE('arrayLiteral', (): Expr => {
    const start = this.CONSUME(T.LBracket);
    const items: Expr[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.expression)) });
    this.CONSUME(T.RBracket);
    return { kind: 'array', items, ...this.span(start) };
  });

  private args = this.RULE('args', (): Expr[] => {
    const items: Expr[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.expression)) });
    this.CONSUME(T.RParen);
    return items;
  });

  private call = this.RULE('call', (): Expr => {
    const name = this.CONSUME(T.Identifier);
    const args = this.SUBRULE(this.args);
    let property: Expr[] | undefined;
    let path: PathSegment[] = [];
    this.OPTION(() => {
      path = this.SUBRULE(this.jsonPath);
    });
    // `.property(...)` reads like a path step; it is the registry call's suffix (MI's SECONDARY_FUNCTIONS).
    this.ACTION(() => {
      const first = path[0] as (PathSegment & { args?: Expr[] }) | undefined;
      if (first && first.kind === 'member' && first.name === 'property' && first.args) {
        property = first.args;
        path = path.slice(1);
      }
    });
    const nameSpan = { offset: name.startOffset, length: name.image.length };
    return { kind: 'call', name: name.image, nameSpan, args, property, path, ...this.span(name) };
  });

  private vars = this.RULE('vars', (): Expr => {
    const start = this.CONSUME(T.VarsKw);
    const { name, nameSpan } = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          const t = this.CONSUME(T.Name);
          return { name: t.image, nameSpan: this.span(t) };
        },
      },
      {
        ALT: () => {
          this.CONSUME1(T.Dot);
          const t = this.CONSUME(T.StringLiteral);
          return { name: this.ACTION(() => unquote(t.image)), nameSpan: this.span(t) };
        },
      },
      { ALT: () => this.SUBRULE(this.bracketName) },
    ]);
    const path = this.OPTION(() => this.SUBRULE(this.jsonPath)) ?? [];
    return { kind: 'vars', name, nameSpan, path, ...this.span(start) };
  });

  /** `.name`, `["name"]` or `.["name"]` after headers, configs, params and props. */
  private propertyName = this.RULE('propertyName', (): { name: string; nameSpan: Span } => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          const t = this.CONSUME(T.Name);
          return { name: t.image, nameSpan: this.span(t) };
        },
      },
      { ALT: () => this.SUBRULE(this.bracketName) },
    ]);
  });

  private bracketName = this.RULE('bracketName', (): { name: string; nameSpan: Span } => {
    this.OPTION(() => this.CONSUME(T.Dot));
    this.CONSUME(T.LBracket);
    const t = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.RBracket);
    return { name: this.ACTION(() => unquote(t.image)), nameSpan: this.span(t) };
  });

  private payload = this.RULE('payload', (): Expr => {
    const start = this.OR([{ ALT: () => this.CONSUME(T.PayloadKw) }, { ALT: () => this.CONSUME(T.Dollar) }]);
    const path = this.OPTION(() => this.SUBRULE(this.jsonPath)) ?? [];
    return { kind: 'payload', path, ...this.span(start) };
  });

  private headers = this.RULE('headers', (): Expr => {
    const start = this.CONSUME(T.HeadersKw);
    const n = this.SUBRULE(this.propertyName);
    return { kind: 'header', ...n, ...this.span(start) };
  });

  private configs = this.RULE('configs', (): Expr => {
    const start = this.CONSUME(T.ConfigsKw);
    const n = this.SUBRULE(this.propertyName);
    return { kind: 'config', ...n, ...this.span(start) };
  });

  private params = this.RULE('params', (): Expr => {
    const start = this.CONSUME(T.ParamsKw);
    this.CONSUME(T.Dot);
    const source = this.CONSUME(T.Name);
    const n = this.SUBRULE(this.propertyName);
    // The source is checked in check.ts so that a wrong one gets a precise message.
    return { kind: 'param', source: source.image as ParamSource, ...n, ...this.span(start) };
  });

  private props = this.RULE('props', (): Expr => {
    const start = this.CONSUME(T.PropsKw);
    this.CONSUME(T.Dot);
    const scope = this.CONSUME(T.Name);
    const n = this.SUBRULE(this.propertyName);
    return { kind: 'property', scope: scope.image as 'synapse' | 'axis2', ...n, ...this.span(start) };
  });

  public jsonPath = this.RULE('jsonPath', (): PathSegment[] => {
    const segments: PathSegment[] = [];
    this.AT_LEAST_ONE(() => segments.push(this.SUBRULE(this.segment)));
    return segments;
  });

  private segment = this.RULE('segment', (): PathSegment => {
    return this.OR([
      {
        ALT: () => {
          const dot = this.CONSUME(T.Dot);
          return this.OR1([
            {
              ALT: () => {
                const t = this.CONSUME(T.Name);
                const args = this.OPTION(() => this.SUBRULE(this.args));
                if (args === undefined) return { kind: 'member', name: t.image, deep: false, ...this.span(dot) } as PathSegment;
                if (args.length === 0 && (JSONPATH_FUNCTIONS as readonly string[]).includes(t.image)) {
                  return { kind: 'function', name: t.image as JsonPathFunction, ...this.span(dot) } as PathSegment;
                }
                // Any other call-like step is `.property(...)` (taken by the call rule) or an error check.ts reports.
                return { kind: 'member', name: t.image, deep: false, args, ...this.span(dot) } as PathSegment;
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Star);
                return { kind: 'wildcard', deep: false, ...this.span(dot) } as PathSegment;
              },
            },
            { ALT: () => this.SUBRULE(this.bracket, { ARGS: [false, dot] }) },
          ]);
        },
      },
      {
        ALT: () => {
          const dots = this.CONSUME(T.DotDot);
          return this.OR2([
            {
              ALT: () => {
                const t = this.CONSUME1(T.Name);
                return { kind: 'member', name: t.image, deep: true, ...this.span(dots) } as PathSegment;
              },
            },
            {
              ALT: () => {
                this.CONSUME1(T.Star);
                return { kind: 'wildcard', deep: true, ...this.span(dots) } as PathSegment;
              },
            },
            { ALT: () => this.SUBRULE1(this.bracket, { ARGS: [true, dots] }) },
          ]);
        },
      },
      { ALT: () => this.SUBRULE2(this.bracket, { ARGS: [false, undefined] }) },
    ]);
  });

  private bracket = this.RULE('bracket', (deep: boolean, startTok?: IToken): PathSegment => {
    const open = this.CONSUME(T.LBracket);
    const start = startTok ?? open;
    const seg = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          return (): PathSegment => ({ kind: 'wildcard', deep, ...this.span(start) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Question);
          this.CONSUME(T.LParen);
          const filter = this.SUBRULE(this.filterOr);
          this.CONSUME(T.RParen);
          return (): PathSegment => ({ kind: 'filter', filter, deep, ...this.span(start) });
        },
      },
      {
        ALT: () => {
          const first = this.OPTION(() => this.SUBRULE(this.signed));
          return this.OR1([
            {
              ALT: () => {
                this.CONSUME(T.Colon);
                const end = this.OPTION1(() => this.SUBRULE1(this.signed));
                let step: Expr | undefined;
                this.OPTION2(() => {
                  this.CONSUME1(T.Colon);
                  step = this.OPTION3(() => this.SUBRULE2(this.signed));
                });
                return (): PathSegment => ({ kind: 'slice', start: first, end, step, deep, ...this.span(start) });
              },
            },
            {
              GATE: () => first !== undefined,
              ALT: () => {
                const items: Expr[] = [first as Expr];
                this.MANY(() => {
                  this.CONSUME(T.Comma);
                  items.push(this.SUBRULE3(this.signed));
                });
                return (): PathSegment => ({ kind: 'index', items, deep, ...this.span(start) });
              },
            },
          ]);
        },
      },
    ]);
    this.CONSUME(T.RBracket);
    return this.ACTION(() => seg());
  });

  /** MI's signedExpressions: an optional `-` before an index or slice bound. */
  private signed = this.RULE('signed', (): Expr => {
    const minus = this.OPTION(() => this.CONSUME(T.Minus));
    const e = this.SUBRULE(this.expression);
    if (!minus) return e;
    return { kind: 'negate', operand: e, ...this.span(minus) };
  });

  private filterOr = this.RULE('filterOr', (): FilterExpr => {
    let left = this.SUBRULE(this.filterAnd);
    this.MANY(() => {
      this.CONSUME(T.OrOp);
      const right = this.SUBRULE1(this.filterAnd);
      left = { kind: 'f-logical', op: '||', left, right, ...this.join(left, right) };
    });
    return left;
  });

  private filterAnd = this.RULE('filterAnd', (): FilterExpr => {
    let left = this.SUBRULE(this.filterUnary);
    this.MANY(() => {
      this.CONSUME(T.AndOp);
      const right = this.SUBRULE1(this.filterUnary);
      left = { kind: 'f-logical', op: '&&', left, right, ...this.join(left, right) };
    });
    return left;
  });

  private filterUnary = this.RULE('filterUnary', (): FilterExpr => {
    return this.OR([
      {
        ALT: () => {
          const bang = this.CONSUME(T.Bang);
          const operand = this.SUBRULE(this.filterUnary);
          return { kind: 'f-not', operand, ...this.span(bang) } as FilterExpr;
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.filterOr);
          this.CONSUME(T.RParen);
          return { ...inner, ...this.span(open) };
        },
      },
      { ALT: () => this.SUBRULE(this.filterCompare) },
    ]);
  });

  private filterCompare = this.RULE('filterCompare', (): FilterExpr => {
    const left = this.SUBRULE(this.filterOperand);
    let result: FilterExpr = { kind: 'f-exists', operand: left, ...this.join(left, left) };
    this.OPTION(() => {
      const op = this.OR([
        ...CMP_OPS.map(([tok, op]) => ({ ALT: () => (this.CONSUME(tok), op as FilterOperator) })),
        { ALT: () => (this.CONSUME(T.RegexMatch), '=~' as FilterOperator) },
        {
          GATE: () => WORD_FILTER_OPS.has(this.LA(1).image),
          ALT: () => this.CONSUME(T.Identifier).image as FilterOperator,
        },
      ]);
      const right = this.SUBRULE1(this.filterOperand);
      result = { kind: 'f-compare', op, left, right, ...this.join(left, right) };
    });
    return result;
  });

  private filterOperand = this.RULE('filterOperand', (): FilterOperand => {
    return this.OR([
      {
        ALT: () => {
          const at = this.CONSUME(T.At);
          const path = this.OPTION(() => this.SUBRULE(this.jsonPath)) ?? [];
          return { kind: 'current', path, ...this.span(at) } as FilterOperand;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.RegexLiteral);
          const end = t.image.lastIndexOf('/');
          return { kind: 'regex', pattern: t.image.slice(1, end), flags: t.image.slice(end + 1), ...this.span(t) } as FilterOperand;
        },
      },
      { ALT: () => this.SUBRULE(this.operand) },
    ]);
  });
}

/** One shared instance: chevrotain parsers are reusable and costly to build. */
export const parserInstance = new SynapseExpressionParser();
