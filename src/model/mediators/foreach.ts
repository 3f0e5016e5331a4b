/** The `<foreach>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/foreach.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'foreach',
  id: 'foreach',
  elements: {
    foreach: {
      name: 'foreach',
      doc: 'Loops over the elements the expression selects: each runs through the sequence as the body of a copy of the message and is replaced by what that body became.',
      attrs: {
        expression: expression('XPath, or `json-eval(...)` naming a JSON array, selecting the elements to loop over.'),
        sequence: key('sequence', 'Run this sequence for each element instead of inline mediators.'),
        id: { type: 'string', doc: 'Prefix of the `FOREACH_COUNTER` and `FOREACH_ORIGINAL_MESSAGE` properties (`<id>_FOREACH_COUNTER`).' },
        collection: expression('MI 4.4 form (not run by Conduit): the collection to loop over.'),
        'parallel-execution': { type: 'boolean', doc: 'MI 4.4 form (not run by Conduit): run the iterations in parallel.' },
        'result-target': { type: 'string', doc: 'MI 4.4 form (not run by Conduit): where the results go.' },
        'result-type': { type: 'string', doc: 'MI 4.4 form (not run by Conduit): the type of the results.' },
        'counter-variable': { type: 'string', doc: 'MI 4.4 form (not run by Conduit): the variable holding the index.' },
        continueWithoutAggregation: { type: 'boolean', doc: 'MI 4.4 form (not run by Conduit): do not collect the results.' },
        description,
      },
      children: { sequence: 'foreach.sequence' },
    },
    'foreach.sequence': { name: 'sequence', doc: 'The mediators each element runs through; call, send and callout are not allowed.', attrs: {}, mediators: true },
  },
});
