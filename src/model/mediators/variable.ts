/** The `<variable>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/variable.ts. */
import { description, expression } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'variable',
  id: 'variable',
  elements: {
    variable: {
      name: 'variable',
      doc: 'Sets or removes a variable (MI 4.4), read as `${vars.name}`.',
      attrs: {
        name: { type: 'string', required: true, doc: 'Variable name.' },
        action: { type: 'enum', values: ['set', 'remove'], default: 'set', doc: 'Set or remove the variable.' },
        type: { type: 'enum', values: ['STRING', 'BOOLEAN', 'INTEGER', 'LONG', 'DOUBLE', 'JSON', 'XML'], renamed: { OM: 'XML' }, doc: 'Type of the value.' },
        value: { type: 'string', doc: 'A literal value.' },
        expression: expression('An expression whose value is stored.'),
        description,
      },
      free: true,
    },
  },
});
