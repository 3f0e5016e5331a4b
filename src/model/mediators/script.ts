/** The `<script>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/script.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'script',
  id: 'script',
  elements: {
    script: {
      name: 'script',
      doc: 'Runs JavaScript with `mc`, the message (getPayloadJSON, setPayloadJSON, getProperty, setProperty, ...): inline (in CDATA) or from `key`.',
      attrs: {
        language: { type: 'string', doc: 'The script language: `js`, `nashornJs` or `rhinoJs` (all run as JavaScript).' },
        key: key('registry', 'Registry key of the script; without it the script is the element\'s text.'),
        function: { type: 'string', default: 'mediate', doc: 'For a `key` script: the function called with `mc`.' },
        description,
      },
      children: { include: 'script.include' },
    },
    'script.include': { name: 'include', doc: 'A script run before this one (its functions become available).', attrs: { key: key('registry', 'Registry key of the script.', true) } },
  },
});
