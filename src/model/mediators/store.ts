/** The `<store>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/store.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'store',
  id: 'store',
  elements: {
    store: {
      name: 'store',
      doc: 'Stores a copy of the message in a message store; mediation continues.',
      attrs: {
        messageStore: key('messageStore', 'The store (`{expr}` for a dynamic name).', true),
        sequence: key('sequence', 'Sequence run on the message before it is stored.'),
        description,
      },
    },
  },
});
