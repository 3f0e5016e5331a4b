/** The `<fastXSLT>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/fast-xslt.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'fastXSLT',
  id: 'fastXSLT',
  elements: {
    fastXSLT: {
      name: 'fastXSLT',
      doc: 'Transforms the whole message body with an XSLT stylesheet, without a source or parameters (MI streams it; the result is the same as `<xslt>` on the body).',
      attrs: { key: key('registry', 'Registry key or local entry of the XSLT stylesheet.', true), description },
    },
  },
});
