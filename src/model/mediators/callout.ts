/** The `<callout>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/callout.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'callout',
  id: 'callout',
  elements: {
    callout: {
      name: 'callout',
      doc: 'Calls a SOAP service and waits for its answer: the source element is sent as SOAP 1.1, the answer goes where the target says (the body by default).',
      attrs: {
        serviceURL: { type: 'string', doc: 'The service address.' },
        endpointKey: key('endpoint', 'A deployed endpoint to call instead of serviceURL.'),
        action: { type: 'string', doc: 'The SOAPAction sent.' },
        initAxis2ClientOptions: { type: 'boolean', doc: 'Axis2 client setting; no effect in Conduit.' },
        description,
      },
      children: { source: 'callout.source', target: 'callout.target', configuration: 'callout.free', enableSec: 'callout.free' },
    },
    'callout.source': { name: 'source', doc: 'The request: the element `xpath` selects, or the property `key` names.', attrs: { xpath: expression('XPath selecting the element to send.'), key: { type: 'string', doc: 'Property holding the element to send.' }, type: { type: 'string', doc: '`envelope` sends the whole envelope (not run by Conduit).' } } },
    'callout.target': { name: 'target', doc: 'Where the answer goes: in place of the element `xpath` selects, or into the property `key` names.', attrs: { xpath: expression('XPath selecting the element the answer replaces.'), key: { type: 'string', doc: 'Property to hold the answer.' } } },
    'callout.free': { name: '*', doc: 'Axis2 client configuration or WS-Security (WS-Security is not run by Conduit).', attrs: {}, free: true },
  },
});
