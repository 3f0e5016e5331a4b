/** The parts of chevrotain the expression grammar uses, imported in one place. */
export { createToken, Lexer, EmbeddedActionsParser } from 'chevrotain';
export type { CustomPatternMatcherFunc, ILexingError, IRecognitionException, IToken, TokenType } from 'chevrotain';
