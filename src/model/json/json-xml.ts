/**
 * The two conversions Synapse makes between JSON and XML (staxon with MI's defaults): the XML view of a
 * JSON body that XPath sees, and the JSON written when an XML body goes out as JSON.
 */
import type { Document, Element, Node } from '@xmldom/xmldom';
import { ConduitError } from '../errors';
import { JsonNumber, isJsonPrimitive } from './json-value';

// ------------------------------------------------------------------------------------------------
// JSON → XML

const NAME_START = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]$/;
const NAME_CHAR = /^[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]$/;

/**
 * A JSON key as an element name (JsonReaderDelegate): leading digit → `_JsonReader_PD_` prefix, leading
 * `$` → `_JsonReader_PS_`, any other character not allowed in an NCName → `_JsonReader_<code>_`.
 * (MI leaves those last characters alone unless buildValidNCNames is on, which makes XML no parser
 * accepts; escaping them keeps the view addressable.)
 */
export function jsonKeyToXmlName(key: string): string {
  if (key === '') return '_JsonReader_PD_';
  let k = key;
  if (/^[0-9]/.test(k)) k = `_JsonReader_PD_${k}`;
  else if (k.startsWith('$')) k = `_JsonReader_PS_${k.slice(1)}`;
  let out = '';
  for (const ch of k) {
    const ok = out === '' ? NAME_START.test(ch) : NAME_CHAR.test(ch);
    out += ok ? ch : `_JsonReader_${ch.codePointAt(0)}_`;
  }
  return out;
}

/** The inverse of jsonKeyToXmlName (XmlReaderDelegate). */
export function xmlNameToJsonKey(name: string): string {
  let k = name;
  if (k.startsWith('_JsonReader_PD_')) k = k.slice('_JsonReader_PD_'.length);
  else if (k.startsWith('_JsonReader_PS_')) k = `$${k.slice('_JsonReader_PS_'.length)}`;
  return k.replace(/_JsonReader_(\d+)_/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

function appendValue(doc: Document, parent: Element, name: string, value: unknown): void {
  if (Array.isArray(value)) {
    // A named array becomes repeated siblings; an array inside an array is wrapped in <jsonArray>.
    for (const item of value) {
      if (Array.isArray(item)) {
        const holder = doc.createElement(name);
        const arr = doc.createElement('jsonArray');
        for (const inner of item) appendValue(doc, arr, 'jsonElement', inner);
        holder.appendChild(arr);
        parent.appendChild(holder);
      } else appendValue(doc, parent, name, item);
    }
    return;
  }
  const el = doc.createElement(name);
  fillElement(doc, el, value);
  parent.appendChild(el);
}

function fillElement(doc: Document, el: Element, value: unknown): void {
  if (isJsonPrimitive(value)) {
    const text = scalarText(value);
    if (text !== '') el.appendChild(doc.createTextNode(text));
    return;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (key.startsWith('@') && key.length > 1 && isJsonPrimitive(v)) {
      el.setAttribute(jsonKeyToXmlName(key.slice(1)), scalarText(v));
    } else if (key === '$' && isJsonPrimitive(v)) {
      const text = scalarText(v);
      if (text !== '') el.appendChild(doc.createTextNode(text));
    } else appendValue(doc, el, jsonKeyToXmlName(key), v);
  }
}

/**
 * Builds the element a JSON value shows to XPath: `<jsonObject>` for an object, `<jsonArray>` of
 * `<jsonElement>`s for an array, `<jsonValue>` holding the raw text for a scalar.
 * `rawText` is the original JSON text, used for `<jsonValue>` (strings keep their quotes).
 */
export function jsonToXml(doc: Document, value: unknown, rawText?: string): Element {
  if (Array.isArray(value)) {
    const root = doc.createElement('jsonArray');
    for (const item of value) appendValue(doc, root, 'jsonElement', item);
    return root;
  }
  if (isJsonPrimitive(value)) {
    const root = doc.createElement('jsonValue');
    const text = rawText?.trim() ?? (typeof value === 'string' ? JSON.stringify(value) : scalarText(value));
    if (text !== '') root.appendChild(doc.createTextNode(text));
    return root;
  }
  const root = doc.createElement('jsonObject');
  fillElement(doc, root, value);
  return root;
}

// ------------------------------------------------------------------------------------------------
// XML → JSON

const TRANSPARENT = new Set(['jsonObject', 'jsonArray', 'jsonElement']);
const PRIMITIVE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Options of the XML → JSON conversion; the defaults are MI's. */
export interface XmlToJsonOptions {
  autoPrimitive?: boolean;
  /** `<a/>` → null (MI default) instead of "". */
  emptyAsNull?: boolean;
}

/** JSON string literal with the escapes staxon writes. */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function primitive(text: string, o: Required<XmlToJsonOptions>): string {
  if (o.autoPrimitive) {
    if (text === 'true' || text === 'false' || text === 'null') return text;
    if (PRIMITIVE.test(text)) return text;
  }
  return jsonString(text);
}

interface Group {
  key: string;
  values: string[];
  forceArray: boolean;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;
const PI_NODE = 7;

function localName(n: Node): string {
  return (n as Element).localName ?? n.nodeName;
}

function elementValue(el: Element, o: Required<XmlToJsonOptions>): string {
  const attrs: string[] = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
    attrs.push(`${jsonString(`@${xmlNameToJsonKey(a.localName ?? a.name)}`)}:${jsonString(a.value)}`);
  }
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  let text = '';
  let pendingMultiple: string | undefined;
  let sawElement = false;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE) {
      sawElement = true;
      const key = localName(c);
      let g = byKey.get(key);
      if (!g) {
        g = { key, values: [], forceArray: false };
        byKey.set(key, g);
        groups.push(g);
      }
      if (pendingMultiple !== undefined && (pendingMultiple === '' || pendingMultiple === key)) g.forceArray = true;
      pendingMultiple = undefined;
      g.values.push(elementValue(c as Element, o));
    } else if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_NODE) {
      text += c.nodeValue ?? '';
    } else if (c.nodeType === PI_NODE && c.nodeName === 'xml-multiple') {
      const name = (c.nodeValue ?? '').trim();
      if (pendingMultiple) addEmptyArray(pendingMultiple);
      pendingMultiple = name;
    }
  }
  if (pendingMultiple) addEmptyArray(pendingMultiple);
  function addEmptyArray(name: string) {
    if (!byKey.has(name)) {
      const g = { key: name, values: [], forceArray: true };
      byKey.set(name, g);
      groups.push(g);
    }
  }
  const hasText = text.trim() !== '';
  if (sawElement && hasText) {
    throw new ConduitError('CONDUIT_EXPRESSION_FAILED', `mixed content in <${localName(el)}> cannot be written as JSON`);
  }
  if (!sawElement && groups.length === 0) {
    const value = hasText ? primitive(text, o) : o.emptyAsNull ? 'null' : '""';
    if (attrs.length === 0) return value;
    return `{${attrs.join(',')}${hasText ? `,"$":${value}` : ''}}`;
  }
  // jsonElement/jsonArray/jsonObject children add no key of their own.
  if (attrs.length === 0 && groups.length === 1 && TRANSPARENT.has(groups[0].key)) return groupValue(groups[0]);
  const members = groups.map((g) => `${jsonString(xmlNameToJsonKey(g.key))}:${groupValue(g)}`);
  return `{${[...attrs, ...members].join(',')}}`;
}

function groupValue(g: Group): string {
  return g.values.length === 1 && !g.forceArray ? g.values[0] : `[${g.values.join(',')}]`;
}

/**
 * Writes an XML element as JSON the way MI's JSON formatter does: jsonObject/jsonArray/jsonElement are
 * transparent, repeated siblings become arrays, text is auto-typed, empty elements are null, attributes
 * become `@name`, text beside attributes `$`, namespaces are dropped. `<jsonValue>` gives its raw text.
 */
export function xmlToJson(el: Element, options: XmlToJsonOptions = {}): string {
  const o: Required<XmlToJsonOptions> = { autoPrimitive: options.autoPrimitive ?? true, emptyAsNull: options.emptyAsNull ?? true };
  const name = localName(el);
  if (name === 'jsonValue') return (el.textContent ?? '').trim() || 'null';
  if (TRANSPARENT.has(name)) {
    const v = elementValue(el, o);
    // An empty <jsonObject/> is {}, an empty <jsonArray/> is [].
    if (v === 'null' || v === '""') return name === 'jsonArray' ? '[]' : '{}';
    return v;
  }
  return `{${jsonString(xmlNameToJsonKey(name))}:${elementValue(el, o)}}`;
}

export { JsonNumber };
