/**
 * `<drop/>`: ends the flow. A client that got no answer yet is answered 202 Accepted by the
 * listener when the flow ends (also after a call, where MI would leave the client waiting).
 */
import { defineMediator } from './types';

export default defineMediator<undefined>({
  name: 'drop',
  parse: () => undefined,
  mediate(_config, msg) {
    msg.to = undefined;
    return false;
  },
});
