/**
 * Tokens of the Synapse expression language, after the MI 4.4 ExpressionLexer: keywords are whole
 * words only (`payloads` is a name), a name may contain `-` (`vars.a-1` is the variable "a-1"), and a
 * number may start with `-`, so `5 -3` is two numbers and not a subtraction, exactly as MI reads it.
 */
import { createToken, Lexer, type CustomPatternMatcherFunc, type IToken, type TokenType } from './chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\n\r]+/, group: Lexer.SKIPPED });

/** Any word that may stand after a dot as a member or variable name, keywords included. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Identifier = createToken({ name: 'Identifier', pattern: /[a-zA-Z_][a-zA-Z_0-9-]*/, categories: [Name] });

function keyword(name: string, pattern: RegExp): TokenType {
  return createToken({ name, pattern, longer_alt: Identifier, categories: [Name] });
}

export const PayloadKw = keyword('PayloadKw', /payload/);
export const VarsKw = keyword('VarsKw', /vars/);
export const HeadersKw = keyword('HeadersKw', /headers/);
export const ConfigsKw = keyword('ConfigsKw', /configs/);
export const ParamsKw = keyword('ParamsKw', /params/);
export const PropsKw = keyword('PropsKw', /properties|props/);
export const TrueKw = keyword('TrueKw', /true/);
export const FalseKw = keyword('FalseKw', /false/);
export const NullKw = keyword('NullKw', /null/);

export const AndOp = createToken({ name: 'AndOp', pattern: Lexer.NA });
export const OrOp = createToken({ name: 'OrOp', pattern: Lexer.NA });
export const AndKw = createToken({ name: 'AndKw', pattern: /and/, longer_alt: Identifier, categories: [Name, AndOp] });
export const OrKw = createToken({ name: 'OrKw', pattern: /or/, longer_alt: Identifier, categories: [Name, OrOp] });
export const AndSym = createToken({ name: 'AndSym', pattern: /&&/, categories: [AndOp] });
export const OrSym = createToken({ name: 'OrSym', pattern: /\|\|/, categories: [OrOp] });

export const Dollar = createToken({ name: 'Dollar', pattern: /\$/ });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?[0-9]+(?:\.[0-9]+)?/ });

export const Eq = createToken({ name: 'Eq', pattern: /==/ });
export const Neq = createToken({ name: 'Neq', pattern: /!=/ });
export const RegexMatch = createToken({ name: 'RegexMatch', pattern: /=~/ });
export const Gte = createToken({ name: 'Gte', pattern: />=/ });
export const Lte = createToken({ name: 'Lte', pattern: /<=/ });
export const Gt = createToken({ name: 'Gt', pattern: />/ });
export const Lt = createToken({ name: 'Lt', pattern: /</ });
export const Bang = createToken({ name: 'Bang', pattern: /!/ });

// A regex literal exists only right after `=~` inside a filter; anywhere else `/` divides.
const matchRegex: CustomPatternMatcherFunc = (text, offset, tokens) => {
  const prev = tokens[tokens.length - 1];
  if (!prev || prev.tokenType !== RegexMatch) return null;
  const re = /\/(?:[^/\\\n]|\\.)*\/[a-zA-Z]*/y;
  re.lastIndex = offset;
  return re.exec(text);
};
export const RegexLiteral = createToken({ name: 'RegexLiteral', pattern: matchRegex, line_breaks: false, start_chars_hint: ['/'] });

export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const Percent = createToken({ name: 'Percent', pattern: /%/ });
export const Question = createToken({ name: 'Question', pattern: /\?/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/ });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const At = createToken({ name: 'At', pattern: /@/ });

/** Every token type, in the order the lexer tries them. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  StringLiteral,
  NumberLiteral,
  RegexLiteral,
  Eq,
  Neq,
  RegexMatch,
  Gte,
  Lte,
  Gt,
  Lt,
  Bang,
  AndSym,
  OrSym,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Question,
  Colon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  DotDot,
  Dot,
  Comma,
  At,
  Dollar,
  PayloadKw,
  VarsKw,
  HeadersKw,
  ConfigsKw,
  ParamsKw,
  PropsKw,
  TrueKw,
  FalseKw,
  NullKw,
  AndKw,
  OrKw,
  Identifier,
  Name,
  AndOp,
  OrOp,
];

export const synapseLexer = new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: false });

/** The end offset (exclusive) of a token. */
export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}
