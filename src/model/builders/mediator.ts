/**
 * The mediators the diagram's palette inserts, built as the wizards build artifacts (`el`, then
 * `writeXml`), so a mediator inserted from the picture reads like one a wizard wrote.
 */
import { el, writeXml, type XmlElement } from '../xml';

export interface PaletteEntry {
  kind: string;
  /** What the palette shows. */
  label: string;
  build: () => XmlElement;
}

/** In the order the palette lists them. */
export const PALETTE: readonly PaletteEntry[] = [
  { kind: 'log', label: 'Log', build: () => el('log', { level: 'custom' }, [el('property', { name: 'message', value: 'reached here' })]) },
  { kind: 'property', label: 'Property', build: () => el('property', { name: 'name', value: 'value', scope: 'default', type: 'STRING' }) },
  { kind: 'payloadFactory', label: 'Payload Factory', build: () => el('payloadFactory', { 'media-type': 'json' }, [el('format', {}, ['{}']), el('args')]) },
  { kind: 'call', label: 'Call', build: () => el('call', {}, [el('endpoint', { key: 'EndpointName' })]) },
  { kind: 'filter', label: 'Filter', build: () => el('filter', { xpath: 'true()' }, [el('then'), el('else')]) },
  { kind: 'respond', label: 'Respond', build: () => el('respond') },
  { kind: 'drop', label: 'Drop', build: () => el('drop') },
];

/** The XML text of a palette mediator, formatted, without an XML declaration. */
export function paletteXml(kind: string): string {
  const entry = PALETTE.find((p) => p.kind === kind);
  if (!entry) throw new Error(`no mediator ${kind} in the palette (${PALETTE.map((p) => p.kind).join(', ')})`);
  return writeXml(entry.build(), { declaration: false }).trim();
}
