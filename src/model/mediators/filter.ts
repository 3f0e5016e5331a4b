/** The `<filter>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/filter.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'filter',
  id: 'filter',
  elements: {
    filter: {
      name: 'filter',
      doc: 'Runs its mediators (or `then`) when the condition holds, else `else`: `source` + `regex`, or a boolean `xpath`.',
      attrs: {
        source: expression('XPath or JSONPath giving the value to match against `regex`.'),
        regex: { type: 'regex', doc: 'A Java regular expression matched against the whole source value.' },
        xpath: expression('A boolean XPath or JSONPath condition.'),
        description,
      },
      mediators: true,
      children: { then: 'filter.branch', else: 'filter.branch' },
    },
    'filter.branch': { name: 'then', doc: 'A filter branch.', attrs: { sequence: key('sequence', 'Run this sequence instead of inline mediators.') }, mediators: true },
  },
});
