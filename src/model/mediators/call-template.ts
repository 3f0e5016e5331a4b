/** The `<call-template>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/call-template.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'call-template',
  id: 'call-template',
  elements: {
    'call-template': {
      name: 'call-template',
      doc: 'Runs a sequence template with parameters.',
      attrs: { target: key('template', 'The template to run.', true), onError: key('sequence', 'Fault sequence.'), description },
      children: { 'with-param': 'with-param' },
    },
    'with-param': { name: 'with-param', doc: 'A template argument.', attrs: { name: { type: 'string', required: true, doc: 'Parameter name.' }, value: { type: 'string', doc: 'Value (literal or `{expr}`).' } }, free: true },
  },
});
