/**
 * Turns an element of an artifact's positioned tree (an inline payload template, an inline OM property,
 * an enrich source) into a DOM element that can be put into a message.
 */
import { DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import type { XmlElement } from '../../model/xml';

/**
 * Copies `el` into `doc` (a fresh document when omitted) with its namespaces resolved, dropping
 * whitespace-only text between elements as Synapse does for inline XML.
 */
export function toDom(el: XmlElement, doc: Document = new DOMImplementation().createDocument(null, '', null)): Element {
  const out = doc.createElementNS(el.ns || null, el.name);
  for (const [prefix, uri] of Object.entries(el.nsDecls)) {
    out.setAttributeNS('http://www.w3.org/2000/xmlns/', prefix ? `xmlns:${prefix}` : 'xmlns', uri);
  }
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
    if (a.prefix) {
      let uri: string | undefined;
      for (let e: XmlElement | undefined = el; e && uri === undefined; e = e.parent) uri = e.nsDecls[a.prefix];
      out.setAttributeNS(uri ?? null, a.name, a.value);
    } else out.setAttribute(a.name, a.value);
  }
  const onlyWhitespaceBetweenElements = el.children.some((c) => c.kind === 'element');
  for (const c of el.children) {
    if (c.kind === 'element') out.appendChild(toDom(c, doc));
    else if (c.cdata) out.appendChild(doc.createCDATASection(c.text));
    else if (!(onlyWhitespaceBetweenElements && c.text.trim() === '')) out.appendChild(doc.createTextNode(c.text));
  }
  return out;
}

/**
 * Drops `xmlns=""` declarations: the DOM already knows those elements have no namespace, and the
 * serializer declares it again only where a parent's default namespace would otherwise apply.
 */
export function withoutEmptyDefaultNs(el: Element): Element {
  if (el.getAttribute('xmlns') === '' && el.hasAttribute('xmlns')) el.removeAttribute('xmlns');
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) withoutEmptyDefaultNs(c as Element);
  return el;
}
