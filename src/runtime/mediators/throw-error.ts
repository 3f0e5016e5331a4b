/**
 * `<throwError [type=".."] [errorMessage="text|{expression}"]/>` (MI 4.4): raises a fault that the
 * nearest onError or fault sequence handles, with ERROR_CODE set to the type and ERROR_MESSAGE to the
 * message, as Synapse's ThrowError and ThrowErrorMediatorFactory do.
 */
import { attr } from '../../model/xml';
import { namespacesInScope } from '../expressions/expression';
import { MediationFault } from '../fault';
import { parseParamValue, type ParamSource } from './call-template';
import { defineMediator } from './types';

/** The type a throwError without one raises (SynapseConstants.DEFAULT_ERROR_TYPE). */
export const DEFAULT_ERROR_TYPE = 'ERROR';
const DEFAULT_MESSAGE = 'Error occurred in the mediation flow';

interface ThrowErrorConfig {
  type: string;
  message: ParamSource;
}

export default defineMediator<ThrowErrorConfig>({
  name: 'throwError',
  parse(el, ctx) {
    const type = attr(el, 'type') || DEFAULT_ERROR_TYPE;
    const message = attr(el, 'errorMessage');
    if (!message) return { type, message: { literal: DEFAULT_MESSAGE } };
    try {
      return { type, message: parseParamValue(message, namespacesInScope(el)) };
    } catch (err) {
      return ctx.fail('CONDUIT_EXPRESSION_INVALID', `errorMessage ${message}: ${(err as Error).message}`, el);
    }
  },
  mediate(c, msg, env) {
    const source = c.message;
    const message = 'literal' in source ? source.literal : ('now' in source ? source.now : source.deferred).evaluate(msg, env.logger);
    throw new MediationFault('CONDUIT_MEDIATION_FAILED', message, c.type);
  },
});
