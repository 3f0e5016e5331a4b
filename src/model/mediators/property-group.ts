/** The `<propertyGroup>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/property-group.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'propertyGroup',
  id: 'propertyGroup',
  elements: {
    propertyGroup: {
      name: 'propertyGroup',
      doc: 'A group of property mediators run in order (MI 4.4).',
      attrs: { description },
      children: { property: 'property', description: 'text' },
    },
  },
});
