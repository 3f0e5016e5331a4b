/** The lossless JSON payload view shared by the expression engines and mediators. */
import { parseJson } from '../../model/json/json-value';
import type { MessageContext } from '../message';

const VIEW = 'json:lossless';

/**
 * The message's JSON payload parsed with number lexemes kept, cached until the payload changes.
 * Undefined when the payload is not JSON or is blank.
 */
export function payloadJson(msg: MessageContext): unknown {
  if (msg.payload.kind !== 'json') return undefined;
  const cached = msg.views.get(VIEW) as { payload: unknown; value: unknown } | undefined;
  if (cached && cached.payload === msg.payload) return cached.value;
  const value = msg.payload.text.trim() === '' ? undefined : parseJson(msg.payload.text);
  msg.views.set(VIEW, { payload: msg.payload, value });
  return value;
}
