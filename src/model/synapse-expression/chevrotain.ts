/**
 * chevrotain, loaded from the package's self-contained bundle. The package is ES modules whose own
 * dependencies (@chevrotain/*) export only the `import` condition, which the CommonJS path of the
 * TypeScript test loader cannot resolve; the bundle has no such imports. Types come from the package.
 */
import type * as Chevrotain from 'chevrotain';
// @ts-expect-error the bundle ships without declarations; the package's declarations are applied below.
import * as bundle from '../../../node_modules/chevrotain/lib/chevrotain.mjs';

const chevrotain = bundle as typeof Chevrotain;

export const { createToken, Lexer, EmbeddedActionsParser } = chevrotain;
export type { CustomPatternMatcherFunc, ILexingError, IRecognitionException, IToken, TokenType } from 'chevrotain';
