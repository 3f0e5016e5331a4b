/** The `<clone>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/clone.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'clone',
  id: 'clone',
  elements: {
    clone: {
      name: 'clone',
      doc: 'Copies the message once per target, each run through its target. The original message stops here unless `continueParent`.',
      attrs: {
        id: { type: 'string', doc: 'Ties the copies to the `<aggregate id>` that collects them.' },
        sequential: { type: 'boolean', default: 'false', doc: 'Run the copies one after the other instead of all at once.' },
        continueParent: { type: 'boolean', default: 'false', doc: 'Let the original message go on after the clone.' },
        description,
      },
      children: { target: 'eip.target' },
    },
  },
});
