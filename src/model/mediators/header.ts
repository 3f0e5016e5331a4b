/** The `<header>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/header.ts. */
import { description, expression } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'header',
  id: 'header',
  elements: {
    header: {
      name: 'header',
      doc: 'Sets or removes a SOAP header (`scope="default"`) or an HTTP header (`scope="transport"`).',
      attrs: {
        name: { type: 'string', doc: 'Header name (a QName for SOAP headers).' },
        value: { type: 'string', doc: 'A literal value.' },
        expression: expression('An expression giving the value.'),
        scope: { type: 'enum', values: ['default', 'transport'], default: 'default', doc: 'SOAP (`default`) or HTTP (`transport`) header.' },
        action: { type: 'enum', values: ['set', 'remove'], default: 'set', doc: 'Set or remove the header.' },
        description,
      },
      free: true,
    },
  },
});
