/**
 * Where the cursor is in a document being typed, which is often not well-formed: in a tag name, an
 * attribute name, an attribute value or element text, and inside which elements. A forgiving scan of
 * the text before the cursor, since the parser gives up at the first error.
 */
import { ELEMENTS, ROOTS, childSpecId } from '../model/validate';

export interface OpenElement {
  /** Local name (prefix dropped). */
  local: string;
  /** Attributes written in the start tag. */
  attrs: Record<string, string>;
}

export type CursorContext =
  | { kind: 'tag-name'; prefix: string; parents: OpenElement[] }
  | { kind: 'attribute-name'; prefix: string; element: OpenElement; parents: OpenElement[] }
  | { kind: 'attribute-value'; attribute: string; prefix: string; element: OpenElement; parents: OpenElement[] }
  | { kind: 'text'; prefix: string; parents: OpenElement[] };

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function localOf(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** The `name="value"` attributes written in a start tag's text. */
export function attrsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) out[m[1]] = m[2] ?? m[3] ?? '';
  return out;
}

/** Context at `offset` in `text`. */
export function cursorContext(text: string, offset: number): CursorContext {
  const before = text.slice(0, offset);
  const stack: OpenElement[] = [];
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([\w:.-]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(before); m; m = tag.exec(before)) {
    last = tag.lastIndex;
    if (m[2] === undefined) continue;
    const local = localOf(m[2]);
    if (m[1] === '/') {
      const at = stack.map((e) => e.local).lastIndexOf(local);
      if (at >= 0) stack.length = at;
    } else if (m[4] !== '/') stack.push({ local, attrs: attrsOf(m[3]) });
  }
  const rest = before.slice(last);
  const open = rest.lastIndexOf('<');
  if (open < 0) return { kind: 'text', prefix: rest.replace(/^[\s\S]*>/, '').trimStart(), parents: stack };
  const inTag = rest.slice(open + 1);
  const name = /^[\w:.-]*/.exec(inTag)![0];
  if (name.length === inTag.length) return { kind: 'tag-name', prefix: name, parents: stack };
  const element: OpenElement = { local: localOf(name), attrs: attrsOf(inTag) };
  const value = /([\w:.-]+)\s*=\s*(["'])([^"']*)$/.exec(inTag);
  if (value) return { kind: 'attribute-value', attribute: value[1], prefix: value[3], element, parents: stack };
  const partial = /([\w:.-]*)$/.exec(inTag)![1];
  return { kind: 'attribute-name', prefix: partial, element, parents: stack };
}

/** The schema id of the innermost element of a path (root first), or undefined when it is unknown. */
export function specIdOfPath(path: readonly string[]): string | undefined {
  if (path.length === 0) return undefined;
  let id: string | undefined = ROOTS[path[0]];
  for (let i = 1; id !== undefined && i < path.length; i++) id = childSpecId(ELEMENTS[id], path[i]);
  return id;
}
