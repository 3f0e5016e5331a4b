/** Finding `${...}` expressions inside text: log messages, payloadFactory formats, attribute values. */

/** One `${...}` found in a template. Offsets are in the template text. */
export interface TemplateExpression {
  /** The expression inside the braces. */
  text: string;
  /** Offset of the expression text (just after `${`). */
  offset: number;
  /** Offset of the `$` and length of the whole `${...}`. */
  start: number;
  length: number;
}

/**
 * Every `${...}` in the text, read as MI's InlineExpressionUtil reads it (`\$\{(.+?)}`): non-greedy,
 * so an expression ends at its first `}` and cannot contain one, and it does not span lines.
 */
export function findTemplateExpressions(template: string): TemplateExpression[] {
  const found: TemplateExpression[] = [];
  for (const m of template.matchAll(/\$\{(.+?)\}/g)) {
    found.push({ text: m[1], offset: m.index + 2, start: m.index, length: m[0].length });
  }
  return found;
}

/**
 * The expression text when an attribute's whole value is `${...}` (how `expression="${...}"` is told
 * apart from XPath), else undefined.
 */
export function wholeExpression(value: string): string | undefined {
  const v = value.trim();
  return v.startsWith('${') && v.endsWith('}') ? v.slice(2, -1) : undefined;
}
