/** The `<throwError>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/throw-error.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'throwError',
  id: 'throwError',
  elements: {
    throwError: {
      name: 'throwError',
      doc: 'Raises an error handled by the onError or fault sequence, with ERROR_CODE set to `type` and ERROR_MESSAGE to `errorMessage` (MI 4.4).',
      attrs: {
        type: { type: 'string', doc: 'The error type, stored in ERROR_CODE.' },
        errorMessage: { type: 'param-value', doc: 'The message, stored in ERROR_MESSAGE: text, or `{expression}`.' },
        description,
      },
    },
  },
});
