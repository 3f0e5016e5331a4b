import { el, parseXml, SYNAPSE_NS, writeXml, type XmlElement } from '../xml';

/** A Synapse artifact root element carrying the Synapse namespace, as Integration Studio and MI write them. */
export function synapseRoot(
  name: string,
  attrs: Record<string, string | undefined>,
  children: Array<XmlElement | string> = [],
): XmlElement {
  return el(name, { ...attrs, xmlns: SYNAPSE_NS }, children);
}

/** `<parameter name="n">value</parameter>`, or an empty element for an empty value (MI treats both alike). */
export function parameter(name: string, value: string): XmlElement {
  return el('parameter', { name }, value === '' ? [] : [value]);
}

/** The text of an artifact file: XML declaration, four-space indentation. */
export function artifactText(root: XmlElement): string {
  return writeXml(root);
}

/**
 * Parses one XML element typed by the user, to be written inside an artifact. An unprefixed element that
 * declares no default namespace gets `xmlns=""`, as MI writes it, so it does not fall into the Synapse
 * namespace of the artifact around it.
 */
export function inlineXml(text: string): XmlElement {
  const doc = parseXml(text.trim());
  if (doc.errors.length || !doc.root) throw new Error(`Not well-formed XML: ${doc.errors[0]?.message ?? 'no element'}`);
  const root = doc.root;
  if (root.prefix === '' && !('' in root.nsDecls)) {
    root.attrs.unshift({ name: 'xmlns', local: 'xmlns', prefix: '', value: '', range: root.nameRange, valueRange: root.nameRange });
    root.nsDecls[''] = '';
  }
  return root;
}

/** The problem with `text` as inline XML, for a wizard to show as the user types. */
export function checkInlineXml(text: string): string | undefined {
  try {
    inlineXml(text);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Adds `text` to `e` as CDATA, split where it holds `]]>` so any text survives. */
export function withCdata(e: XmlElement, text: string): XmlElement {
  const parts = text.split(']]>');
  parts.forEach((part, i) => {
    const piece = `${i > 0 ? '>' : ''}${part}${i < parts.length - 1 ? ']]' : ''}`;
    e.children.push({ kind: 'text', text: piece, cdata: true, range: e.range });
  });
  e.selfClosing = false;
  return e;
}
