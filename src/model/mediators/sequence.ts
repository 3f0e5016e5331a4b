/** The `<sequence>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/sequence.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'sequence',
  id: 'sequence.ref',
  elements: {
    'sequence.ref': {
      name: 'sequence',
      doc: 'Runs the named sequence here (or, without `key`, its inline mediators).',
      attrs: { key: key('sequence', 'The sequence to run (`{expr}` for a dynamic key).'), description },
      mediators: true,
    },
  },
});
