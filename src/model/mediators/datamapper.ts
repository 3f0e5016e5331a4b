/** The `<datamapper>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/datamapper.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'datamapper',
  id: 'datamapper',
  elements: {
    datamapper: {
      name: 'datamapper',
      doc: 'Transforms the payload with a data-mapping configuration from the registry.',
      attrs: {
        config: key('registry', 'Registry key of the mapping (`.dmc`).', true),
        inputSchema: key('registry', 'Registry key of the input schema.', true),
        outputSchema: key('registry', 'Registry key of the output schema.', true),
        inputType: { type: 'enum', values: ['XML', 'JSON', 'CSV'], doc: 'Input format.' },
        outputType: { type: 'enum', values: ['XML', 'JSON', 'CSV'], doc: 'Output format.' },
        xsltStyleSheet: key('registry', 'Registry key of an equivalent XSLT.'),
        description,
      },
    },
  },
});
