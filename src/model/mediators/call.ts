/** The `<call>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/call.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'call',
  id: 'call',
  elements: {
    call: {
      name: 'call',
      doc: 'Sends the message to an endpoint and continues with the response (non-blocking unless `blocking`).',
      attrs: {
        blocking: { type: 'boolean', default: 'false', doc: 'Wait for the response on this thread.' },
        initAxis2ClientOptions: { type: 'boolean', doc: 'Initialize Axis2 client options (blocking only).' },
        axis2xml: { type: 'string', doc: 'Axis2 configuration file (blocking only).' },
        repository: { type: 'string', doc: 'Axis2 repository (blocking only).' },
        description,
      },
      children: { endpoint: 'endpoint', source: 'call.source', target: 'call.target' },
    },
    'call.source': { name: 'source', doc: 'What to send (MI 4.x).', attrs: { type: { type: 'enum', values: ['body', 'property', 'inline', 'custom'], doc: 'Source type.' }, contentType: { type: 'string', doc: 'Content type of the source.' } }, free: true },
    'call.target': { name: 'target', doc: 'Where to put the response (MI 4.x).', attrs: { type: { type: 'enum', values: ['body', 'property', 'variable'], doc: 'Target type.' } }, free: true },
  },
});
