/** The `<makefault>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/makefault.ts. */
import { description, expression } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'makefault',
  id: 'makefault',
  elements: {
    makefault: {
      name: 'makefault',
      doc: 'Replaces the message with a SOAP 1.1, SOAP 1.2 or POX fault; `respond` or `send` then sends it (500 unless HTTP_SC is set).',
      attrs: {
        version: { type: 'enum', values: ['soap11', 'soap12', 'pox'], default: 'soap11', doc: 'The kind of fault to make.' },
        response: { type: 'boolean', default: 'true', doc: 'Mark the message as a response, so `send` answers the client.' },
        description,
      },
      children: { code: 'makefault.code', reason: 'makefault.reason', node: 'text', role: 'text', detail: 'makefault.detail', description: 'text' },
    },
    'makefault.code': {
      name: 'code',
      doc: 'The fault code: a QName such as `soap11Env:Server` whose prefix is declared, or an expression giving the code.',
      attrs: { value: { type: 'string', doc: 'A QName: Client or Server (SOAP 1.1); Sender, Receiver, ... (SOAP 1.2), in the envelope namespace.' }, expression: expression('An XPath giving the code.') },
    },
    'makefault.reason': {
      name: 'reason',
      doc: 'The fault string.',
      attrs: { value: { type: 'string', doc: 'A literal reason.' }, expression: expression('An expression giving the reason.') },
    },
    'makefault.detail': {
      name: 'detail',
      doc: 'The fault detail: inline XML, text, or an expression.',
      attrs: { expression: expression('An XPath whose nodes (or text) become the detail.') },
      free: true,
    },
  },
});
