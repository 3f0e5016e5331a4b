/**
 * `<send [receive="seq"]> <endpoint .../>? </send>`. In the request flow it sends the message and
 * mediates the answer through the `receive` sequence, else the resource's outSequence, else answers
 * the client with it; nothing after `<send>` runs. In the response flow `<send/>` without an
 * endpoint answers the client.
 */
import { attr, child } from '../../model/xml';
import { MediationFault } from '../fault';
import { defineMediator, type EndpointRef } from './types';

interface SendConfig {
  endpoint?: EndpointRef;
  receive?: string;
}

export default defineMediator<SendConfig>({
  name: 'send',
  parse(el, ctx) {
    const ep = child(el, 'endpoint');
    return { endpoint: ep ? ctx.parseEndpoint(ep) : undefined, receive: attr(el, 'receive') };
  },
  async mediate(config, msg, env) {
    if (msg.direction === 'response' && !config.endpoint) {
      env.respond(msg);
      return false;
    }
    await env.callEndpoint(config.endpoint, msg);
    msg.direction = 'response';
    let out = env.outSequence;
    if (config.receive) {
      out = env.sequence(config.receive);
      if (!out) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `receive sequence '${config.receive}' is not deployed`);
    }
    if (out && out.steps.length > 0) await env.run(out, msg);
    else env.respond(msg);
    return false;
  },
});
