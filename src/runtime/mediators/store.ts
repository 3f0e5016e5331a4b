/**
 * `<store messageStore="Name|{expr}" [sequence="seq"]/>`: runs the optional sequence on the live
 * message, then stores a copy and continues. Mediation waits until the store confirms, so a client
 * is never told "stored" when it was not: a failed store goes to the failover store where one is
 * configured, else raises a fault with HTTP_SC 500.
 */
import { attr } from '../../model/xml';
import { ConduitError } from '../../model/errors';
import { compileExpression, namespacesInScope, type Expression } from '../expressions/expression';
import { MediationFault, SYNAPSE_ERRORS } from '../fault';
import { storeWithFailover } from '../stores/failover';
import { toStoredMessage } from '../stored-message';
import { defineMediator } from './types';

interface StoreConfig {
  store?: string;
  dynamic?: Expression;
  sequence?: string;
  where: string;
}

export default defineMediator<StoreConfig>({
  name: 'store',
  parse(el, ctx) {
    const name = attr(el, 'messageStore');
    if (!name) return ctx.fail('CONDUIT_ARTIFACT_INVALID', '<store> needs a messageStore attribute', el);
    const base = { sequence: attr(el, 'sequence'), where: ctx.where(el) };
    if (name.startsWith('{') && name.endsWith('}')) {
      try {
        return { ...base, dynamic: compileExpression(name.slice(1, -1), namespacesInScope(el)) };
      } catch (err) {
        ctx.fail('CONDUIT_EXPRESSION_INVALID', `messageStore expression ${name}: ${(err as Error).message}`, el);
      }
    }
    return { ...base, store: name };
  },
  async mediate(config, msg, env) {
    if (config.sequence) {
      const seq = env.sequence(config.sequence);
      if (!seq) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `sequence '${config.sequence}' of the store mediator is not deployed (${config.where})`);
      if (!(await env.run(seq, msg))) return false;
    }
    const name = config.store ?? config.dynamic?.evaluate(msg, env.logger) ?? '';
    const store = env.store(name);
    if (!store) {
      throw new MediationFault('CONDUIT_STORE_FAILED', `message store '${name}' is not deployed; the message was not stored (${config.where})`, SYNAPSE_ERRORS.STORE_FAILED, {
        httpStatus: 500,
      });
    }
    const stored = toStoredMessage(msg);
    try {
      await storeWithFailover(store, env.failoverStore(name), stored, env.logger);
    } catch (err) {
      const code = err instanceof ConduitError ? err.code : 'CONDUIT_STORE_FAILED';
      throw new MediationFault(code, `the message was not stored in ${name}: ${(err as Error).message}`, SYNAPSE_ERRORS.STORE_FAILED, {
        cause: err,
        httpStatus: 500,
      });
    }
    return true;
  },
});
