/** The `<property>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/property.ts. */
import { description, expression, PROPERTY_SCOPES, PROPERTY_TYPES } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'property',
  id: 'property',
  elements: {
    property: {
      name: 'property',
      doc: 'Sets or removes a message property in a scope.',
      attrs: {
        name: { type: 'string', required: true, doc: 'Property name (`{expr}` for a dynamic name).' },
        action: { type: 'enum', values: ['set', 'remove'], default: 'set', doc: 'Set or remove the property.' },
        type: { type: 'enum', values: PROPERTY_TYPES, default: 'STRING', doc: 'Type the value is converted to.' },
        value: { type: 'string', doc: 'A literal value.' },
        expression: expression('An expression whose value is stored.'),
        scope: { type: 'enum', values: PROPERTY_SCOPES, default: 'default', doc: 'Where the property lives: `default` (message), `transport` (HTTP headers), `axis2`, ...' },
        pattern: { type: 'regex', doc: 'Store only what this regular expression matches (the whole value must match).' },
        group: { type: 'integer', doc: 'Group of `pattern` to store.' },
        description,
      },
      free: true,
    },
  },
});
