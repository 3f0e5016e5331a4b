/** `<respond/>`: answers the client with the current message and ends the flow. */
import { defineMediator } from './types';

export default defineMediator<undefined>({
  name: 'respond',
  parse: () => undefined,
  mediate(_config, msg, env) {
    msg.direction = 'response';
    msg.to = undefined;
    env.respond(msg);
    return false;
  },
});
