/**
 * Whether a Java regular expression (java.util.regex, as switch, filter and property patterns use)
 * compiles, judged by the same translation the runtime compiles it with, so the editor and the runtime
 * never disagree about a pattern.
 */
import { translateJavaRegex } from '../java-regex';

/** The error message when the pattern does not compile, else undefined. */
export function javaRegexError(pattern: string): string | undefined {
  if (checked.has(pattern)) return checked.get(pattern);
  let error: string | undefined;
  try {
    const { source, flags } = translateJavaRegex(pattern);
    new RegExp(source, flags);
  } catch (err) {
    error = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
  if (checked.size >= 10_000) checked.clear();
  checked.set(pattern, error);
  return error;
}

/** Patterns repeat across artifacts (the same switch cases in many APIs); each compiles once. */
const checked = new Map<string, string | undefined>();
