/** The `<send>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/send.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'send',
  id: 'send',
  elements: {
    send: {
      name: 'send',
      doc: 'Sends the message to an endpoint (or its `To` address); mediation of this message stops here.',
      attrs: {
        receive: key('sequence', 'Sequence that handles the response (instead of the out sequence).'),
        buildmessage: { type: 'boolean', doc: 'Build the message before sending.' },
        description,
      },
      children: { endpoint: 'endpoint' },
    },
  },
});
