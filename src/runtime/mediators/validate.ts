/**
 * `<validate [source="json-eval(..)"] [cache-schema]><schema key=".."/>+<on-fail>..</on-fail></validate>`:
 * validates a JSON payload (or the part its JSONPath source selects) against a JSON schema from the
 * registry, as Synapse's ValidateMediator does for JSON: when it does not match, ERROR_MESSAGE and
 * ERROR_DETAIL describe the first error and the on-fail mediators run; the flow goes on after the
 * validate unless they end it. With several schemas the last one is used, as in MI. XML Schema
 * validation is refused at deploy (mediatorIssues).
 */
import { compileJsonSchema, type JsonSchemaCheck } from '../../model/json-schema';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, child, elements } from '../../model/xml';
import type { Expression } from '../expressions/expression';
import { expressionAt } from './branch';
import { MediationFault } from '../fault';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import { defineMediator, type CompiledSequence } from './types';

interface ValidateConfig {
  key: string;
  check: JsonSchemaCheck;
  source?: Expression;
  onFail: CompiledSequence;
}

/** The JSON the schema checks: the payload, or the text a JSONPath source selects; `{}` when empty, as in MI. */
function jsonToCheck(c: ValidateConfig, msg: MessageContext, log: Logger): unknown {
  if (msg.payload.kind !== 'json') {
    throw new MediationFault('CONDUIT_MEDIATION_FAILED', `the validate mediator checks JSON against the JSON schema ${c.key}, and the message is not JSON (${msg.payload.kind})`);
  }
  const text = c.source ? c.source.evaluate(msg, log) : msg.payload.text;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    // A JSONPath that selects a string yields its text, which MI's validator also reads as JSON text.
    return text;
  }
}

export default defineMediator<ValidateConfig>({
  name: 'validate',
  parse(el, ctx) {
    const issue = mediatorIssues(el, ctx.resource)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const contents = elements(el, 'schema').map((s) => {
      const key = attr(s, 'key')!;
      return { key, content: ctx.resource(key) ?? ctx.fail('CONDUIT_REGISTRY_NOT_FOUND', `the schema ${key} is not in the registry`, s) };
    });
    const { key, content } = contents[contents.length - 1];
    const source = attr(el, 'source');
    const expression = source === undefined ? undefined : expressionAt(source, el, ctx);
    return { key, check: compileJsonSchema(content.toString('utf8')), source: expression, onFail: ctx.parseSequence(child(el, 'on-fail')!) };
  },
  async mediate(c, msg, env) {
    const failure = c.check(jsonToCheck(c, msg, env.logger));
    if (!failure) return true;
    env.logger.log('DEBUG', 'ValidateMediator', `Validation of JSON failed against the given schema(s) ${c.key} with error : ${failure.message} Executing 'on-fail' sequence`);
    msg.setProperty('ERROR_MESSAGE', failure.message);
    msg.setProperty('ERROR_DETAIL', `Error while validating Json message ${failure.detail}`);
    return env.run(c.onFail, msg);
  },
});
