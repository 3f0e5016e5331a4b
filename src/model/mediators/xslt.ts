/** The `<xslt>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/xslt.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'xslt',
  id: 'xslt',
  elements: {
    xslt: {
      name: 'xslt',
      doc: 'Transforms the body (or the node `source` selects) with an XSLT 1.0 stylesheet from the registry; the result takes its place.',
      attrs: {
        key: key('registry', 'Registry key of the stylesheet.'),
        source: expression('XPath selecting the node to transform; the body\'s first element when absent.'),
        description,
      },
      children: { property: 'xslt.property', feature: 'xslt.feature', attribute: 'xslt.feature', resource: 'xslt.resource' },
    },
    'xslt.property': {
      name: 'property',
      doc: 'A stylesheet parameter (`xsl:param`): a literal `value` or an `expression` evaluated per message.',
      attrs: { name: { type: 'string', doc: 'The parameter name.' }, value: { type: 'string', doc: 'A literal value.' }, expression: expression('An expression giving the value.') },
    },
    'xslt.feature': { name: 'feature', doc: 'A transformer factory feature or attribute of the Java XSLT engine; no effect in Conduit.', attrs: { name: { type: 'string', doc: 'Feature name.' }, value: { type: 'string', doc: 'Its value.' } } },
    'xslt.resource': {
      name: 'resource',
      doc: 'Answers an `xsl:import` or `xsl:include` href with a stylesheet from the registry.',
      attrs: { location: { type: 'string', doc: 'The href as the stylesheet writes it.' }, key: key('registry', 'Registry key of the imported stylesheet.') },
    },
  },
});
