/** The `<validate>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/validate.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'validate',
  id: 'validate',
  elements: {
    validate: {
      name: 'validate',
      doc: 'Validates a JSON payload against a JSON schema from the registry; `on-fail` runs when it does not match.',
      attrs: {
        source: expression('`json-eval(...)` selecting the part of the payload to validate; the whole payload when absent.'),
        'cache-schema': { type: 'boolean', default: 'true', doc: 'Keep the compiled schema (Conduit compiles it once at deploy either way).' },
        description,
      },
      children: { schema: 'validate.schema', property: 'validate.property', resource: 'xslt.resource', feature: 'validate.property', 'on-fail': 'validate.on-fail' },
    },
    'validate.schema': { name: 'schema', doc: 'The schema: a JSON schema (draft-04 by default) from the registry.', attrs: { key: key('registry', 'Registry key of the schema.') } },
    'validate.property': { name: 'property', doc: 'A feature of the XML Schema validator; no effect on JSON validation.', attrs: { name: { type: 'string', doc: 'Feature name.' }, value: { type: 'string', doc: 'true or false.' } } },
    'validate.on-fail': { name: 'on-fail', doc: 'Mediators run when the payload does not match; ERROR_MESSAGE says why.', attrs: {}, mediators: true },
  },
});
