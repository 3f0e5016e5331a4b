/**
 * `<send [receive="seq"]> <endpoint .../>? </send>`. In the request flow it sends the message and
 * mediates the answer through the `receive` sequence, else the resource's outSequence, else answers
 * the client with it; nothing after `<send>` runs. In the response flow `<send/>` without an
 * endpoint answers the client.
 */
import { attr, child } from '../../model/xml';
import { MediationFault } from '../fault';
import type { MessageContext } from '../message';
import { defineMediator, type EndpointRef, type MediationEnv } from './types';

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
    await sendAndMediateResponse(config.endpoint, msg, env, config.receive);
    return false;
  },
});

/**
 * Sends the request and mediates the answer through the `receive` sequence, else the flow's
 * outSequence, else answers the client with it. A proxy's target endpoint sends this way too.
 */
export async function sendAndMediateResponse(endpoint: EndpointRef | undefined, msg: MessageContext, env: MediationEnv, receive?: string): Promise<void> {
  await env.callEndpoint(endpoint, msg);
  msg.direction = 'response';
  let out = env.outSequence;
  if (receive) {
    out = env.sequence(receive);
    if (!out) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `receive sequence '${receive}' is not deployed`);
  }
  if (out && out.steps.length > 0) await env.run(out, msg);
  else env.respond(msg);
}
