/** Which mediator style a wizard writes: MI 4.4 `${...}` templates, or the classic full-envelope log. */

export type ExpressionStyle = 'mi44' | 'classic';

const MI44 = [4, 4, 0];

/**
 * 'mi44' when the project targets MI 4.4.0 or later, 'classic' otherwise. A project that names no runtime
 * version gets 'classic' because older runtimes reject `${...}` and classic XML still deploys on 4.4.
 * Versions compare part by part as numbers, so 4.10.1 is later than 4.4.0; a qualifier (`-SNAPSHOT`) is ignored.
 */
export function expressionStyleFor(runtimeVersion?: string): ExpressionStyle {
  const parts = runtimeVersion?.trim().split(/[-+]/)[0].split('.').map((p) => Number.parseInt(p, 10));
  if (!parts || parts.some((p) => Number.isNaN(p))) return 'classic';
  for (let i = 0; i < MI44.length; i++) {
    const p = parts[i] ?? 0;
    if (p !== MI44[i]) return p > MI44[i] ? 'mi44' : 'classic';
  }
  return 'mi44';
}
