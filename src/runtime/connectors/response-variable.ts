/**
 * MI 4.4's InvokeMediator around a connector operation: with a `responseVariable`, the answer is stored
 * in that variable as `{payload, headers, attributes: {statusCode}}` and the message gets back the body,
 * content type and transport headers it had before the operation; with `overwriteBody` true the answer
 * stays the body and the variable holds only headers and attributes. Without a responseVariable the
 * answer simply replaces the message.
 */
import { parseJson } from '../../model/json/json-value';
import { JsonValue } from '../expressions/property-values';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { answerValue, snapshot } from '../mediators/call';
import { parameterValue, type CompiledParameters } from './parameters';

/** The variable's value, as Target's enrich-to-variable builds it from the answer. */
export function responseVariableValue(msg: MessageContext, withPayload: boolean): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of msg.transportHeaders.entries()) headers[k] = v;
  const status = msg.axis2.get('HTTP_SC');
  const attributes: Record<string, unknown> = {};
  if (typeof status === 'number' || typeof status === 'string') attributes.statusCode = status;
  // Headers and attributes in the expression engine's own JSON form, as MI keeps them as JSON objects.
  const value = parseJson(JSON.stringify({ headers, attributes })) as Record<string, unknown>;
  if (!withPayload) return value;
  const answer = answerValue(msg);
  return { payload: answer instanceof JsonValue ? answer.value : answer, ...value };
}

/** Runs an operation the way InvokeMediator wraps it: `operation` leaves the answer in the message. */
export async function invokeOperation(params: CompiledParameters, msg: MessageContext, log: Logger, operation: () => Promise<void>): Promise<void> {
  const variable = parameterValue(params, 'responseVariable', msg, log)?.trim();
  if (!variable) {
    await operation();
    return;
  }
  const overwriteBody = parameterValue(params, 'overwriteBody', msg, log)?.trim().toLowerCase() === 'true';
  const restore = overwriteBody ? undefined : snapshot(msg, { body: true, headers: true });
  await operation();
  msg.variables.set(variable, responseVariableValue(msg, !overwriteBody));
  restore?.();
}
