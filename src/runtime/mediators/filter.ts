/**
 * `<filter>`: `source` + `regex` (whole-string match) or a boolean `xpath`; runs the children (or
 * `<then>`) when true and `<else>` when false, returning the branch's result.
 */
import { ConduitError } from '../../model/errors';
import { attr, child, type XmlElement } from '../../model/xml';
import type { Expression } from '../expressions/expression';
import type { JavaRegex } from '../../model/java-regex';
import { expressionAt, regexAt } from './branch';
import { defineMediator, type CompiledSequence, type MediationEnv, type ParseContext } from './types';

/** A branch: inline mediators, or a named sequence resolved when the message arrives. */
interface Branch {
  inline?: CompiledSequence;
  sequenceKey?: string;
}

export interface FilterConfig {
  source?: Expression;
  regex?: JavaRegex;
  test?: Expression;
  then?: Branch;
  else?: Branch;
}

function branch(el: XmlElement, ctx: ParseContext): Branch {
  const key = attr(el, 'sequence');
  return key ? { sequenceKey: key } : { inline: ctx.parseSequence(el) };
}

async function runBranch(b: Branch | undefined, msg: import('../message').MessageContext, env: MediationEnv): Promise<boolean> {
  if (!b) return true;
  const seq = b.inline ?? env.sequence(b.sequenceKey!);
  if (!seq) {
    throw new ConduitError('CONDUIT_REFERENCE_UNRESOLVED', `the sequence ${b.sequenceKey} of a filter branch is not deployed`);
  }
  return env.run(seq, msg);
}

export default defineMediator<FilterConfig>({
  name: 'filter',
  parse(el, ctx) {
    const source = attr(el, 'source');
    const regex = attr(el, 'regex');
    const xpath = attr(el, 'xpath');
    const config: FilterConfig = {};
    if (source !== undefined && regex !== undefined) {
      config.source = expressionAt(source, el, ctx);
      config.regex = regexAt(regex, el, ctx);
    } else if (xpath !== undefined) config.test = expressionAt(xpath, el, ctx);
    else ctx.fail('CONDUIT_ARTIFACT_INVALID', 'a filter needs source and regex, or xpath', el);
    const thenEl = child(el, 'then');
    const elseEl = child(el, 'else');
    if (thenEl || elseEl) {
      config.then = thenEl ? branch(thenEl, ctx) : undefined;
      config.else = elseEl ? branch(elseEl, ctx) : undefined;
    } else config.then = { inline: ctx.parseSequence(el) };
    return config;
  },
  mediate(c, msg, env) {
    const ok = c.test ? c.test.evaluateBoolean(msg, env.logger) : c.regex!.matches(c.source!.evaluate(msg, env.logger));
    return runBranch(ok ? c.then : c.else, msg, env);
  },
});
