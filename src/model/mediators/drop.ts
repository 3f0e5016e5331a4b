/** The `<drop>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/drop.ts. */
import { description } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'drop',
  id: 'drop',
  elements: {
    drop: { name: 'drop', doc: 'Drops the message; mediation stops here (the client gets 202 if nothing was sent).', attrs: { description } },
  },
});
