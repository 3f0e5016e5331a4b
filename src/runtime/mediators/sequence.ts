/**
 * `<sequence key="Name"/>`: runs a deployed named sequence (looked up per message, so a redeployed
 * sequence takes effect at once) and continues with its result.
 */
import { attr } from '../../model/xml';
import { MediationFault } from '../fault';
import { defineMediator } from './types';

export default defineMediator<{ key: string; where: string }>({
  name: 'sequence',
  parse(el, ctx) {
    const key = attr(el, 'key');
    if (!key) return ctx.fail('CONDUIT_ARTIFACT_INVALID', '<sequence> inside a sequence needs a key attribute', el);
    if (key.startsWith('{')) ctx.fail('CONDUIT_ARTIFACT_INVALID', 'dynamic sequence keys are not supported by the Conduit runtime yet', el);
    return { key, where: ctx.where(el) };
  },
  async mediate(config, msg, env) {
    const seq = env.sequence(config.key);
    if (!seq) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `sequence '${config.key}' is not deployed (${config.where})`);
    return env.run(seq, msg);
  },
});
