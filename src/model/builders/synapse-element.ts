import { el, SYNAPSE_NS, writeXml, type XmlElement } from '../xml';

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
