/**
 * `<switch>`: evaluates its source once and runs the first case whose regex matches the whole string,
 * else the default; returns the branch's result so a respond in a branch ends the flow.
 */
import { attr, child, elements } from '../../model/xml';
import type { Expression } from '../expressions/expression';
import type { JavaRegex } from '../../model/java-regex';
import { expressionAt, regexAt } from './branch';
import { defineMediator, type CompiledSequence } from './types';

export interface SwitchConfig {
  source: Expression;
  cases: Array<{ regex: JavaRegex; sequence: CompiledSequence }>;
  default?: CompiledSequence;
}

export default defineMediator<SwitchConfig>({
  name: 'switch',
  parse(el, ctx) {
    const source = attr(el, 'source');
    if (!source) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'a switch needs a source expression', el);
    const cases = elements(el, 'case').map((c) => {
      const regex = attr(c, 'regex');
      if (regex === undefined) return ctx.fail('CONDUIT_ARTIFACT_INVALID', 'a switch case needs a regex', c);
      return { regex: regexAt(regex, c, ctx), sequence: ctx.parseSequence(c) };
    });
    const def = child(el, 'default');
    return { source: expressionAt(source, el, ctx), cases, default: def ? ctx.parseSequence(def) : undefined };
  },
  async mediate(c, msg, env) {
    const value = c.source.evaluate(msg, env.logger);
    const hit = c.cases.find((k) => k.regex.matches(value));
    const branch = hit?.sequence ?? c.default;
    return branch ? env.run(branch, msg) : true;
  },
});
