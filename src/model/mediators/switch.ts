/** The `<switch>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/switch.ts. */
import { description, expression } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'switch',
  id: 'switch',
  elements: {
    switch: {
      name: 'switch',
      doc: 'Runs the first `case` whose regex matches the whole `source` value, else `default`.',
      attrs: { source: expression('XPath or JSONPath giving the value to match.', true), description },
      children: { case: 'switch.case', default: 'switch.default' },
    },
    'switch.case': { name: 'case', doc: 'Mediators run when `regex` matches the whole source value.', attrs: { regex: { type: 'regex', required: true, doc: 'A Java regular expression matched against the whole value.' } }, mediators: true },
    'switch.default': { name: 'default', doc: 'Mediators run when no case matched.', attrs: {}, mediators: true },
  },
});
