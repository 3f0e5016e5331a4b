/** The `<aggregate>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/aggregate.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'aggregate',
  id: 'aggregate',
  elements: {
    aggregate: {
      name: 'aggregate',
      doc: 'Collects the messages an iterate or clone split off and runs `onComplete` once on them merged.',
      attrs: { id: { type: 'string', doc: 'Collect only the messages of the iterate or clone with this id.' }, description },
      children: { correlateOn: 'aggregate.correlateOn', completeCondition: 'aggregate.completeCondition', onComplete: 'aggregate.onComplete' },
      requiredChildren: ['onComplete'],
    },
    'aggregate.correlateOn': { name: 'correlateOn', doc: 'Messages for which this is true are aggregated together.', attrs: { expression: expression('XPath or `json-eval(...)`.', true) } },
    'aggregate.completeCondition': {
      name: 'completeCondition',
      doc: 'When the aggregation completes: all the split messages, `messageCount`, or `timeout`.',
      attrs: { timeout: { type: 'number', doc: 'Seconds to wait before completing with the messages that came.' } },
      children: { messageCount: 'aggregate.messageCount' },
    },
    'aggregate.messageCount': {
      name: 'messageCount',
      doc: 'Complete once `min` (or `max`) messages arrived; -1 waits for all of them.',
      attrs: { min: { type: 'integer', doc: 'Complete at this many messages (-1: all); a number or `{expression}`.' }, max: { type: 'integer', doc: 'Take at most this many messages (-1: all); a number or `{expression}`.' } },
    },
    'aggregate.onComplete': {
      name: 'onComplete',
      doc: 'The mediators run on the aggregated message (or `sequence`).',
      attrs: {
        expression: expression('What to take from each message: XPath (the elements are merged) or `json-eval(...)` (the results form a JSON array). The first body element by default.'),
        sequence: key('sequence', 'Run this sequence instead of inline mediators.'),
        enclosingElementProperty: { type: 'string', doc: 'A property holding an XML element to enclose the aggregated elements in.' },
        aggregateElementType: { type: 'enum', values: ['root', 'child'], doc: 'Kept for MI tooling; no effect at run time.' },
      },
      mediators: true,
    },
  },
});
