/** The `<respond>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/respond.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'respond',
  id: 'respond',
  elements: {
    respond: { name: 'respond', doc: 'Sends the current message back to the client; mediation stops here.', attrs: { description } },
  },
});
