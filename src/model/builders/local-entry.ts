/**
 * Local entries as MI's tooling writes them: text in CDATA, one inline XML element, or a `src` URL the
 * runtime reads the value from. The entry's key is its name.
 */
import type { XmlElement } from '../xml';
import { checkName, checkUrl, type Field } from './fields';
import { checkInlineXml, inlineXml, synapseRoot, withCdata } from './synapse-element';

export type LocalEntryType = 'text' | 'xml' | 'src';

export interface LocalEntryTypeInfo {
  type: LocalEntryType;
  label: string;
  description: string;
  fields: readonly Field[];
}

export const LOCAL_ENTRY_TYPES: readonly LocalEntryTypeInfo[] = [
  {
    type: 'text',
    label: 'Inline Text',
    description: 'A string, e.g. a configuration value',
    fields: [{ name: 'value', label: 'Text', source: { kind: 'text' }, required: true }],
  },
  {
    type: 'xml',
    label: 'Inline XML',
    description: 'One XML element, e.g. an XSLT or a message template',
    fields: [{ name: 'value', label: 'XML', source: { kind: 'text' }, required: true, check: checkInlineXml, hint: 'One element, e.g. <config><region>eu</region></config>' }],
  },
  {
    type: 'src',
    label: 'Source URL',
    description: 'Read from a URL when the entry is used',
    fields: [{ name: 'src', label: 'Source URL', source: { kind: 'text' }, required: true, check: checkUrl, hint: 'e.g. file:repository/samples/resources/transform.xslt' }],
  },
];

export interface LocalEntryState {
  key: string;
  type: LocalEntryType;
  /** `value` (text or XML) or `src`, by field name. */
  values?: Record<string, string>;
}

export function buildLocalEntry(state: LocalEntryState): XmlElement {
  const problem = checkName(state.key);
  if (problem) throw new Error(`local entry key: ${problem}`);
  const values = state.values ?? {};
  switch (state.type) {
    case 'text':
      return withCdata(synapseRoot('localEntry', { key: state.key }), values.value ?? '');
    case 'xml':
      return synapseRoot('localEntry', { key: state.key }, [inlineXml(values.value ?? '')]);
    case 'src': {
      const src = values.src ?? '';
      const bad = src === '' ? 'a source URL is required' : checkUrl(src);
      if (bad) throw new Error(`local entry: ${bad}`);
      return synapseRoot('localEntry', { key: state.key, src });
    }
  }
}
