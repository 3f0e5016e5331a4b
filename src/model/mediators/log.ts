/** The `<log>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/log.ts. */
import { description, expression } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'log',
  id: 'log',
  elements: {
    log: {
      name: 'log',
      doc: 'Logs the message: `simple`, `headers`, `full` (with the payload) or `custom` (only the properties).',
      attrs: {
        level: { type: 'enum', values: ['simple', 'headers', 'full', 'custom'], default: 'simple', doc: 'What to log.' },
        category: { type: 'enum', values: ['INFO', 'TRACE', 'DEBUG', 'WARN', 'ERROR', 'FATAL'], default: 'INFO', doc: 'Log level of the line.' },
        separator: { type: 'string', default: ', ', doc: 'Separator between the logged parts.' },
        logMessageID: { type: 'boolean', doc: 'Prefix the message ID (custom level).' },
        logFullPayload: { type: 'boolean', doc: 'Log the whole payload.' },
        description,
      },
      children: { property: 'log.property', message: 'text' },
    },
    'log.property': {
      name: 'property',
      doc: 'A `name = value` pair the log mediator prints.',
      attrs: { name: { type: 'string', required: true, doc: 'The label printed.' }, value: { type: 'string', doc: 'A literal to print.' }, expression: expression('An expression whose value is printed.') },
      free: true,
    },
  },
});
