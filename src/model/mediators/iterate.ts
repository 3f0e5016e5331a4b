/** The `<iterate>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/iterate.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'iterate',
  id: 'iterate',
  elements: {
    iterate: {
      name: 'iterate',
      doc: 'Splits the message: one copy per element the expression selects, each run through the target. The original message stops here unless `continueParent`.',
      attrs: {
        expression: expression('XPath, `json-eval(...)` (a JSON array) or `${...}` selecting the elements to split.', true),
        attachPath: expression('With `preservePayload`: where each element is put in the copy of the original payload.'),
        preservePayload: { type: 'boolean', default: 'false', doc: 'Each part is the original payload holding one element, instead of the element alone.' },
        sequential: { type: 'boolean', default: 'false', doc: 'Run the parts one after the other instead of all at once.' },
        continueParent: { type: 'boolean', default: 'false', doc: 'Let the original message go on after the iterate.' },
        id: { type: 'string', doc: 'Ties the parts to the `<aggregate id>` that collects them.' },
        description,
      },
      children: { target: 'eip.target' },
      requiredChildren: ['target'],
    },
    'eip.target': {
      name: 'target',
      doc: 'Where each split message goes: inline mediators, a named sequence or an endpoint.',
      attrs: {
        sequence: key('sequence', 'Run this sequence instead of inline mediators.'),
        endpoint: key('endpoint', 'Send to this endpoint (its answer goes to the out sequence or the client).'),
        to: { type: 'string', doc: 'The To address set on the message.' },
        soapAction: { type: 'string', doc: 'The SOAP action set on the message.' },
      },
      children: { sequence: 'eip.sequence', endpoint: 'endpoint' },
    },
    'eip.sequence': { name: 'sequence', doc: 'The mediators each split message runs through.', attrs: {}, mediators: true },
  },
});
