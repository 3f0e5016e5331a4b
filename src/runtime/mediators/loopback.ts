/**
 * `<loopback/>`: in the request flow, turns the message into a response and mediates it through
 * the resource's outSequence (answering the client directly when there is none). No-op in the
 * response flow.
 */
import { defineMediator } from './types';

export default defineMediator<undefined>({
  name: 'loopback',
  parse: () => undefined,
  async mediate(_config, msg, env) {
    if (msg.direction === 'response') return true;
    msg.direction = 'response';
    msg.to = undefined;
    const out = env.outSequence;
    if (out && out.steps.length > 0) await env.run(out, msg);
    else env.respond(msg);
    return false;
  },
});
