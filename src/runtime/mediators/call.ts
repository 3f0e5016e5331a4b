/**
 * `<call [blocking="true"]> <endpoint .../>? </call>`: sends the message and continues with the
 * answer as the current message. Non-blocking and blocking calls behave the same here: the flow
 * awaits the answer, so mediation resumes right after the call, also inside switch and filter
 * branches. With `OUT_ONLY=true` the message is sent and the flow continues without waiting.
 */
import { attr, child } from '../../model/xml';
import { defineMediator, type EndpointRef } from './types';

interface CallConfig {
  endpoint?: EndpointRef;
  blocking: boolean;
}

export default defineMediator<CallConfig>({
  name: 'call',
  parse(el, ctx) {
    const ep = child(el, 'endpoint');
    for (const unsupported of ['source', 'target'])
      if (child(el, unsupported)) ctx.fail('CONDUIT_ARTIFACT_INVALID', `<call> with <${unsupported}> is not supported by the Conduit runtime yet`, child(el, unsupported));
    return { endpoint: ep ? ctx.parseEndpoint(ep) : undefined, blocking: attr(el, 'blocking') === 'true' };
  },
  async mediate(config, msg, env) {
    const outOnly = msg.getProperty('OUT_ONLY');
    if (outOnly === true || outOnly === 'true') {
      const copy = msg.clone();
      env.callEndpoint(config.endpoint, copy, { blocking: config.blocking }).catch((err: unknown) => {
        env.logger.log('WARN', 'CallMediator', `out-only call failed: ${err instanceof Error ? err.message : String(err)}`);
      });
      return true;
    }
    await env.callEndpoint(config.endpoint, msg, { blocking: config.blocking });
    return true;
  },
});
