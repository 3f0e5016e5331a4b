/**
 * A positioned XML tree: every element, attribute and text node keeps where it came from, so the
 * language server can point at the exact range of a problem and the runtime can report file:line:col.
 *
 * Parsing uses saxes, which never fetches external entities and rejects undefined ones, so neither
 * entity expansion attacks nor external entity reads are possible.
 */
import { SaxesParser } from 'saxes';

/** Zero-based line and column (as in LSP) plus the character offset into the source. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface XmlAttr {
  name: string;
  local: string;
  prefix: string;
  value: string;
  /** The whole `name="value"` text. */
  range: Range;
  /** The value between the quotes. */
  valueRange: Range;
}

export interface XmlText {
  kind: 'text';
  text: string;
  cdata: boolean;
  range: Range;
}

export interface XmlElement {
  kind: 'element';
  /** Qualified name as written, e.g. `syn:log` or `log`. */
  name: string;
  local: string;
  prefix: string;
  /** Resolved namespace URI ('' when none). */
  ns: string;
  /** Namespace declarations made on this element: prefix ('' for the default) → URI. */
  nsDecls: Record<string, string>;
  attrs: XmlAttr[];
  children: XmlNode[];
  /** From `<` of the start tag to `>` of the end tag (or of `/>`). */
  range: Range;
  /** The tag name inside the start tag. */
  nameRange: Range;
  /** From `<` to `>` of the start tag. */
  startTagRange: Range;
  selfClosing: boolean;
  parent?: XmlElement;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlParseError {
  message: string;
  range: Range;
}

export interface XmlDocument {
  /** The root element; absent only when nothing could be parsed. */
  root?: XmlElement;
  /** Well-formedness errors; when present, `root` may be incomplete. */
  errors: XmlParseError[];
  text: string;
}

export const SYNAPSE_NS = 'http://ws.apache.org/ns/synapse';

/** Maps offsets to line/column in one pass over the text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo], offset };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** What one parse builds; the reused parser's handlers write into the current one. */
interface ParseState {
  text: string;
  lines: LineIndex;
  errors: XmlParseError[];
  stack: XmlElement[];
  root?: XmlElement;
  lastEnd: number;
  pendingAttrs: XmlAttr[];
  tagStart: number;
  /** Namespace bindings in scope, per prefix, innermost last. */
  bindings: Map<string, string[]>;
}

/**
 * One saxes parser with its handlers, reset by saxes after each document. Creating a parser and
 * installing handlers for every file cost about as much as parsing a small artifact, which a project
 * of a thousand files pays on every load. parseXml is synchronous and handlers never re-enter it.
 */
interface ReusableParser {
  parser: SaxesParser;
  /** The parse in progress. */
  state?: ParseState;
}

let reusable: ReusableParser | undefined;

function createParser(): ReusableParser {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const r: ReusableParser = { parser };
  const st = (): ParseState => r.state!;

  // saxes resolves a prefix by walking every open ancestor, so deep nesting was quadratic (a 700 kB
  // request of nested elements held the event loop for minutes). Each prefix's bindings are kept on
  // a stack of their own instead; resolve is only called while a start tag is processed.
  const sax = parser as unknown as { topNS: Record<string, string> | null; ns: Record<string, string>; resolve(prefix: string): string | undefined };
  sax.resolve = (prefix) => {
    const own = sax.topNS?.[prefix];
    if (own !== undefined) return own;
    const bound = st().bindings.get(prefix);
    return bound && bound.length > 0 ? bound[bound.length - 1] : sax.ns[prefix];
  };

  const addChild = (s: ParseState, node: XmlNode) => {
    const parent = s.stack[s.stack.length - 1];
    if (parent) parent.children.push(node);
  };

  parser.on('error', (err) => {
    const s = st();
    if (s.errors.length > 0) return; // the first error is the meaningful one; the rest cascade from it
    const at = Math.min(parser.position, s.text.length);
    const message = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    s.errors.push({ message, range: s.lines.range(Math.max(0, at - 1), at) });
  });
  parser.on('opentagstart', () => {
    const s = st();
    s.tagStart = s.text.lastIndexOf('<', parser.position - 1);
    if (s.tagStart < 0) s.tagStart = 0;
    s.pendingAttrs = [];
  });
  parser.on('attribute', (attr) => {
    const s = st();
    const text = s.text;
    const end = parser.position; // just past the closing quote
    const quoteAt = end - 1;
    const quote = text[quoteAt];
    const open = quote === '"' || quote === "'" ? text.lastIndexOf(quote, quoteAt - 1) : quoteAt;
    const eq = text.lastIndexOf('=', open);
    const nameStart = text.lastIndexOf(attr.name, eq);
    const a = attr as { name: string; value: string; local?: string; prefix?: string };
    s.pendingAttrs.push({
      name: a.name,
      local: a.local ?? a.name,
      prefix: a.prefix ?? '',
      value: a.value,
      range: s.lines.range(nameStart >= 0 ? nameStart : open, end),
      valueRange: s.lines.range(open + 1, quoteAt),
    });
  });
  parser.on('opentag', (tag) => {
    const s = st();
    const end = parser.position;
    const nameStart = s.tagStart + 1;
    const el: XmlElement = {
      kind: 'element',
      name: tag.name,
      local: tag.local ?? tag.name,
      prefix: tag.prefix ?? '',
      ns: tag.uri ?? '',
      nsDecls: { ...(tag.ns ?? {}) },
      attrs: s.pendingAttrs,
      children: [],
      range: s.lines.range(s.tagStart, end),
      nameRange: s.lines.range(nameStart, nameStart + tag.name.length),
      startTagRange: s.lines.range(s.tagStart, end),
      selfClosing: tag.isSelfClosing,
      parent: s.stack[s.stack.length - 1],
    };
    s.pendingAttrs = [];
    for (const [prefix, uri] of Object.entries(tag.ns ?? {})) {
      const bound = s.bindings.get(prefix);
      if (bound) bound.push(uri);
      else s.bindings.set(prefix, [uri]);
    }
    addChild(s, el);
    if (!s.root) s.root = el;
    s.stack.push(el);
    s.lastEnd = end;
  });
  parser.on('closetag', (tag) => {
    const s = st();
    for (const prefix of Object.keys(tag.ns ?? {})) s.bindings.get(prefix)?.pop();
    const el = s.stack.pop();
    if (el) el.range = { start: el.range.start, end: s.lines.position(parser.position) };
    s.lastEnd = parser.position;
  });
  parser.on('text', (t) => {
    const s = st();
    if (s.stack.length === 0) return;
    const end = Math.max(s.lastEnd, parser.position - 1);
    addChild(s, { kind: 'text', text: t, cdata: false, range: s.lines.range(s.lastEnd, end) });
    s.lastEnd = end;
  });
  parser.on('cdata', (t) => {
    const s = st();
    const end = parser.position;
    addChild(s, { kind: 'text', text: t, cdata: true, range: s.lines.range(Math.max(s.lastEnd, end - t.length - 12), end) });
    s.lastEnd = end;
  });
  parser.on('doctype', () => {
    // A DOCTYPE may declare entities; saxes ignores the declarations, so any use of them is an error.
  });
  return r;
}

/** Parses XML text into a positioned tree. Never throws on malformed input: errors are returned. */
export function parseXml(text: string): XmlDocument {
  // Taken for the duration of the parse, so a parse that fails half-way leaves no parser in a bad state.
  const r = reusable ?? createParser();
  reusable = undefined;
  const s: ParseState = { text, lines: new LineIndex(text), errors: [], stack: [], lastEnd: 0, pendingAttrs: [], tagStart: 0, bindings: new Map() };
  r.state = s;
  let clean = true;
  try {
    r.parser.write(text).close();
  } catch (err) {
    clean = false;
    if (s.errors.length === 0) {
      const at = Math.min(r.parser.position, text.length);
      s.errors.push({ message: (err as Error).message, range: s.lines.range(Math.max(0, at - 1), at) });
    }
  }
  r.state = undefined;
  // saxes resets itself once a document ends; one that threw on the way is not trusted again.
  if (clean) reusable = r;
  const { root, errors } = s;
  if (!root && errors.length === 0) errors.push({ message: 'the document has no root element', range: s.lines.range(0, 0) });
  return { root, errors, text };
}

// ---------------------------------------------------------------------------------------------
// Reading helpers

export function attr(el: XmlElement, name: string): string | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}

export function attrNode(el: XmlElement, name: string): XmlAttr | undefined {
  return el.attrs.find((a) => a.name === name);
}

export function elements(el: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element' && (local === undefined || c.local === local)) out.push(c);
  return out;
}

/**
 * Calls `visit` on `root` and every element below it, in document order. An explicit stack rather than
 * recursion: an artifact nested thousands of levels deep (a generated or broken one) must not overflow the
 * call stack of the language server or the runtime. `visit` returning false skips the element's children.
 */
export function walkElements(root: XmlElement, visit: (el: XmlElement) => boolean | void): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (visit(el) === false) continue;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (c.kind === 'element') stack.push(c);
    }
  }
}

/**
 * The source text of `el` (from the document `text` it was parsed from) as a document of its own: the
 * namespace declarations its names use that only an ancestor makes are added to its start tag, as XML
 * tools write an element taken out of its document. A SOAP body's element whose prefixes the Envelope
 * declares stays well-formed this way.
 */
export function standaloneText(text: string, el: XmlElement): string {
  const own = text.slice(el.range.start.offset, el.range.end.offset);
  if (!el.parent) return own;
  const inherited = new Map<string, string>();
  const declaredWithin = (from: XmlElement, prefix: string): boolean => {
    for (let e: XmlElement | undefined = from; e && e !== el.parent; e = e.parent) if (prefix in e.nsDecls) return true;
    return false;
  };
  walkElements(el, (e) => {
    const used = [e.prefix, ...e.attrs.filter((a) => a.prefix !== '' && a.prefix !== 'xmlns').map((a) => a.prefix)];
    for (const prefix of used) {
      if (inherited.has(prefix) || declaredWithin(e, prefix)) continue;
      for (let a: XmlElement | undefined = el.parent; a; a = a.parent) {
        const uri = a.nsDecls[prefix];
        if (uri === undefined) continue;
        if (uri !== '') inherited.set(prefix, uri);
        break;
      }
    }
  });
  if (inherited.size === 0) return own;
  const decls = [...inherited].map(([prefix, uri]) => ` ${prefix === '' ? 'xmlns' : 'xmlns:' + prefix}="${escapeAttr(uri)}"`).join('');
  const at = el.nameRange.end.offset - el.range.start.offset;
  return own.slice(0, at) + decls + own.slice(at);
}

export function child(el: XmlElement, local: string): XmlElement | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.local === local) return c;
  return undefined;
}

/** The concatenated text content of an element's direct text children. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text') s += c.text;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Building and writing

const NO_RANGE: Range = { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };

/**
 * Builds an element for writing (wizards, CAR export). Children may be elements or strings (text).
 * Attributes whose value is undefined are left out.
 */
export function el(
  name: string,
  attrs: Record<string, string | undefined> = {},
  children: Array<XmlElement | string> = [],
): XmlElement {
  const colon = name.indexOf(':');
  const element: XmlElement = {
    kind: 'element',
    name,
    local: colon >= 0 ? name.slice(colon + 1) : name,
    prefix: colon >= 0 ? name.slice(0, colon) : '',
    ns: '',
    nsDecls: {},
    attrs: [],
    children: [],
    range: NO_RANGE,
    nameRange: NO_RANGE,
    startTagRange: NO_RANGE,
    selfClosing: children.length === 0,
  };
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    const c = k.indexOf(':');
    element.attrs.push({
      name: k,
      local: c >= 0 ? k.slice(c + 1) : k,
      prefix: c >= 0 ? k.slice(0, c) : '',
      value: v,
      range: NO_RANGE,
      valueRange: NO_RANGE,
    });
    if (k === 'xmlns') element.nsDecls[''] = v;
    else if (k.startsWith('xmlns:')) element.nsDecls[k.slice(6)] = v;
  }
  for (const c of children) {
    if (typeof c === 'string') element.children.push({ kind: 'text', text: c, cdata: false, range: NO_RANGE });
    else {
      c.parent = element;
      element.children.push(c);
    }
  }
  return element;
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

export interface WriteOptions {
  /** Indentation unit; elements holding only text stay on one line. Default four spaces. */
  indent?: string;
  /** Prefix `<?xml version="1.0" encoding="UTF-8"?>`. Default true. */
  declaration?: boolean;
}

/**
 * Writes an element tree as XML. Whitespace-only text between elements is replaced by indentation;
 * elements with mixed or text content are written as they are.
 */
export function writeXml(root: XmlElement, options: WriteOptions = {}): string {
  const out: string[] = [];
  if (options.declaration !== false) out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  write(root, options.indent ?? '    ', out);
  out.push('\n');
  return out.join('');
}

/** Serializes an element and its content exactly as one line of XML (no indentation changes). */
export function elementToString(e: XmlElement): string {
  const out: string[] = [];
  write(e, undefined, out);
  return out.join('');
}

/** A node still to write (indented, or inline as it stands when `unit` is undefined), or markup already formed. */
type WriteStep = { node: XmlNode; depth: number; unit: string | undefined } | string;

/**
 * An explicit stack rather than recursion, as walkElements: the runtime writes a deployed local entry
 * and an inline WSDL this way, and the extension an XML answer, any of which may nest thousands deep.
 */
function write(root: XmlElement, unit: string | undefined, out: string[]): void {
  const stack: WriteStep[] = [{ node: root, depth: 0, unit }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (typeof step === 'string') {
      out.push(step);
      continue;
    }
    const { node: n, depth, unit } = step;
    if (n.kind === 'text') {
      out.push(n.cdata ? `<![CDATA[${n.text}]]>` : escapeText(n.text));
      continue;
    }
    const pad = unit === undefined ? '' : unit.repeat(depth);
    out.push(pad, '<', n.name);
    for (const a of n.attrs) out.push(' ', a.name, '="', escapeAttr(a.value), '"');
    // Indented, whitespace-only text gives way to the indentation.
    const content = unit === undefined ? n.children : n.children.filter((c) => c.kind === 'element' || c.text.trim() !== '' || c.cdata);
    if (content.length === 0) {
      out.push('/>');
      continue;
    }
    out.push('>');
    const next: WriteStep[] = [];
    if (unit !== undefined && content.every((c) => c.kind === 'element')) {
      for (const c of content) next.push('\n', { node: c, depth: depth + 1, unit });
      next.push(`\n${pad}</${n.name}>`);
    } else {
      // Mixed or text content is written as it stands, whitespace included.
      for (const c of n.children) next.push({ node: c, depth: 0, unit: undefined });
      next.push(`</${n.name}>`);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
}
