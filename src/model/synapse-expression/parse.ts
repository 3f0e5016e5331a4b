/** Entry point of the grammar: text in, tree and located errors out. Never throws on bad input. */
import type { ILexingError, IRecognitionException } from './chevrotain';
import type { Expr } from './ast';
import { checkNames } from './check';

/** A syntax error, located by offset and length in the expression text. */
export interface SynapseSyntaxError {
  message: string;
  offset: number;
  length: number;
}

export interface SynapseParseResult {
  /** Present when there are no errors. */
  ast?: Expr;
  errors: SynapseSyntaxError[];
}

function lexError(e: ILexingError): SynapseSyntaxError {
  return { message: `unexpected character '${e.message.match(/->(.)<-/)?.[1] ?? ''}'`.replace(" ''", ''), offset: e.offset, length: e.length };
}

const TOKEN_TEXT: Record<string, string> = {
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  Colon: "':'",
  Comma: "','",
  Dot: "'.'",
  Name: 'a name',
  Identifier: 'a name',
  StringLiteral: 'a quoted string',
};

function parseError(e: IRecognitionException, text: string): SynapseSyntaxError {
  const t = e.token;
  const atEnd = t.tokenType?.name === 'EOF' || Number.isNaN(t.startOffset);
  const offset = atEnd ? text.length : t.startOffset;
  const found = atEnd ? 'the end of the expression' : `'${t.image}'`;
  const expected = /Expecting token of type --> (\w+) <--/.exec(e.message)?.[1];
  let message = expected ? `expected ${TOKEN_TEXT[expected] ?? expected} but found ${found}` : atEnd ? 'the expression ends too early' : `unexpected ${found}`;
  const preRelease = !atEnd && t.image === '.' ? /(?:^|[^\w.])(var\s*)$/.exec(text.slice(0, offset)) : null;
  if (preRelease) {
    const start = offset - preRelease[1].length;
    return { message: "'var.' is the pre-release form of variables: MI 4.4.0 and later read them as vars.<name>", offset: start, length: offset + 1 - start };
  }
  if (!atEnd && t.image === '!') message += "; there is no '!' operator, use not(...)";
  if (!atEnd && /^-\d/.test(t.image)) message += "; a '-' right before a digit makes a negative number, write '- 3' to subtract";
  return { message, offset, length: atEnd ? 0 : t.image.length };
}

interface Grammar {
  lexer: typeof import('./lexer').synapseLexer;
  parser: typeof import('./parser').parserInstance;
}
let grammar: Grammar | undefined;

/**
 * chevrotain builds its lexer and parser tables when they are constructed, about 0.3 s; required on the
 * first expression so that starting a project (or the language server) without one never pays for it.
 */
function loadGrammar(): Grammar {
  if (!grammar) {
    const { synapseLexer } = require('./lexer') as typeof import('./lexer');
    const { parserInstance } = require('./parser') as typeof import('./parser');
    grammar = { lexer: synapseLexer, parser: parserInstance };
  }
  return grammar;
}

/**
 * Parses the inside of `${...}` (without the braces). The tree's offsets are relative to `text`.
 * Errors carry the offset of the token that did not fit, or text.length when the text ended early.
 */
export function parseSynapseExpression(text: string): SynapseParseResult {
  const { lexer, parser: parserInstance } = loadGrammar();
  const lexed = lexer.tokenize(text);
  if (lexed.errors.length > 0) return { errors: lexed.errors.map(lexError) };
  if (lexed.tokens.length === 0) return { errors: [{ message: 'the expression is empty', offset: 0, length: text.length }] };
  parserInstance.input = lexed.tokens;
  let ast: Expr;
  try {
    ast = parserInstance.expression();
  } catch (err) {
    // The parser descends a few frames per bracket or conditional; some hundreds of them exhaust the stack.
    if (!(err instanceof RangeError)) throw err;
    return { errors: [{ message: 'the expression nests too deeply to be read', offset: 0, length: text.length }] };
  }
  if (parserInstance.errors.length > 0) return { errors: parserInstance.errors.map((e) => parseError(e, text)) };
  const errors = checkNames(ast);
  return errors.length > 0 ? { errors } : { ast, errors };
}
