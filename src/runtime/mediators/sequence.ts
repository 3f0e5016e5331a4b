/**
 * `<sequence key="Name"/>`: runs a deployed named sequence (looked up per message, so a redeployed
 * sequence takes effect at once) and continues with its result. A dynamic key, `{xpath}`,
 * `{json-eval(..)}` or `{${..}}` (SequenceMediator with a Value expression), is evaluated per message
 * and names the sequence to run.
 */
import type { Expression } from '../expressions/expression';
import { attr } from '../../model/xml';
import { MediationFault } from '../fault';
import { expressionAt } from './branch';
import { defineMediator } from './types';

interface SequenceConfig {
  key: string;
  /** The expression of a dynamic key. */
  dynamic?: Expression;
  where: string;
}

export default defineMediator<SequenceConfig>({
  name: 'sequence',
  parse(el, ctx) {
    const key = attr(el, 'key');
    if (!key) return ctx.fail('CONDUIT_ARTIFACT_INVALID', '<sequence> inside a sequence needs a key attribute', el);
    const where = ctx.where(el);
    // ValueFactory: `{{..}}` escapes the braces, leaving the static name `{..}`.
    if (/^\{\{.+\}\}$/s.test(key)) return { key: key.slice(1, -1), where };
    if (key.startsWith('{') && key.endsWith('}')) return { key, where, dynamic: expressionAt(key.slice(1, -1), el, ctx) };
    return { key, where };
  },
  async mediate(config, msg, env) {
    const name = config.dynamic ? config.dynamic.evaluate(msg, env.logger) : config.key;
    const seq = env.sequence(name);
    if (!seq) {
      const at = config.dynamic ? `the key ${config.key} at ${config.where}` : config.where;
      throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `sequence '${name}' is not deployed (${at})`);
    }
    return env.run(seq, msg);
  },
});
