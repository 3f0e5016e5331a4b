/** The `<loopback>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/loopback.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'loopback',
  id: 'loopback',
  elements: {
    loopback: { name: 'loopback', doc: 'Moves the message to the out flow (the out sequence); mediation of the in flow stops here.', attrs: { description } },
  },
});
