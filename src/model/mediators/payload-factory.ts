/** The `<payloadFactory>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/payload-factory.ts. */
import { description, expression, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'payloadFactory',
  id: 'payloadFactory',
  elements: {
    payloadFactory: {
      name: 'payloadFactory',
      doc: 'Replaces the payload with a template; `$1`..`$n` are replaced by the arguments in order.',
      attrs: {
        'media-type': { type: 'enum', values: ['xml', 'json', 'text'], default: 'xml', doc: 'Format of the template and the new payload.' },
        'template-type': { type: 'enum', values: ['default', 'freemarker'], default: 'default', doc: 'Template engine.' },
        escapeXmlChars: { type: 'boolean', doc: 'Escape XML characters in arguments.' },
        description,
      },
      children: { format: 'pf.format', args: 'pf.args' },
      requiredChildren: ['format'],
    },
    'pf.format': { name: 'format', doc: 'The template: inline XML, JSON or text; or `key` naming a registry resource.', attrs: { key: key('registry', 'Registry key of the template.') }, free: true },
    'pf.args': { name: 'args', doc: 'Arguments for `$1`..`$n`, in order.', attrs: {}, children: { arg: 'pf.arg' } },
    'pf.arg': {
      name: 'arg',
      doc: 'One argument: a literal `value` or an `expression`.',
      attrs: {
        value: { type: 'string', doc: 'A literal.' },
        expression: expression('An XPath (`evaluator="xml"`) or JSONPath (`evaluator="json"`) expression.'),
        evaluator: { type: 'enum', values: ['xml', 'json'], default: 'xml', doc: 'How `expression` is evaluated.' },
        literal: { type: 'boolean', doc: 'Insert the value as a literal string.' },
      },
      free: true,
    },
  },
});
