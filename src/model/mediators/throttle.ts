/** The `<throttle>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/throttle.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'throttle',
  id: 'throttle',
  elements: {
    throttle: {
      name: 'throttle',
      doc: 'Lets requests through while its WS-Policy allows (a count per unit time, concurrent messages): onAccept runs for those, onReject for the others.',
      attrs: {
        id: { type: 'string', required: true, doc: 'The throttle group; its counters live as long as the artifact is deployed.' },
        onAccept: key('sequence', 'Run this sequence for accepted requests instead of inline mediators.'),
        onReject: key('sequence', 'Run this sequence for refused requests instead of inline mediators.'),
        description,
      },
      children: { policy: 'throttle.policy', onAccept: 'throttle.branch', onReject: 'throttle.branch' },
    },
    'throttle.policy': { name: 'policy', doc: 'The WS-Policy throttle assertion, inline or from the registry.', attrs: { key: key('registry', 'Registry key of the policy.') }, free: true },
    'throttle.branch': { name: 'onAccept', doc: 'The mediators run for an accepted (onAccept) or refused (onReject) request.', attrs: {}, mediators: true },
  },
});
