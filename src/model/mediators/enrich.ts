/** The `<enrich>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/enrich.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'enrich',
  id: 'enrich',
  elements: {
    enrich: {
      name: 'enrich',
      doc: 'Copies a part of the message (or a property or inline content) into another part.',
      attrs: { description },
      children: { source: 'enrich.source', target: 'enrich.target' },
      requiredChildren: ['source', 'target'],
    },
    'enrich.source': {
      name: 'source',
      doc: 'What to copy.',
      attrs: {
        clone: { type: 'boolean', default: 'true', doc: 'Copy rather than move.' },
        type: { type: 'enum', values: ['custom', 'envelope', 'body', 'property', 'inline', 'variable'], default: 'custom', doc: 'Source type.' },
        xpath: expression('For `custom`: the part to copy.'),
        property: { type: 'string', doc: 'For `property`: the property name.' },
        key: key('registry', 'For `inline`: registry key of the content.'),
      },
      free: true,
    },
    'enrich.target': {
      name: 'target',
      doc: 'Where to put it.',
      attrs: {
        action: { type: 'enum', values: ['replace', 'child', 'sibling', 'remove'], default: 'replace', doc: 'How to insert.' },
        type: { type: 'enum', values: ['custom', 'envelope', 'body', 'property', 'key', 'variable'], default: 'custom', doc: 'Target type.' },
        xpath: expression('For `custom`: where to insert.'),
        property: { type: 'string', doc: 'For `property`: the property name.' },
      },
      free: true,
    },
  },
});
