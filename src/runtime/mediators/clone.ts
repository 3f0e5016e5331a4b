/**
 * `<clone [id] [sequential] [continueParent]><target>..</target>+</clone>` (Synapse's CloneMediator): one
 * copy of the whole message per target, each run through its target as iterate runs its parts, and
 * collected by an aggregate the same way.
 */
import { attr, elements } from '../../model/xml';
import { parseTarget, runSplits, splitMessage, type SplitTarget } from './split-target';
import { defineMediator } from './types';

export interface CloneConfig {
  id?: string;
  sequential: boolean;
  continueParent: boolean;
  targets: SplitTarget[];
}

export default defineMediator<CloneConfig>({
  name: 'clone',
  parse(el, ctx) {
    return {
      id: attr(el, 'id'),
      sequential: attr(el, 'sequential')?.trim().toLowerCase() === 'true',
      continueParent: attr(el, 'continueParent')?.trim().toLowerCase() === 'true',
      targets: elements(el, 'target').map((t) => parseTarget(t, ctx)),
    };
  },
  mediate(c, msg, env) {
    const splits = c.targets.map((target, i) => ({ msg: splitMessage(msg, i, c.targets.length, c.id), target }));
    return runSplits(splits, c, env.continuation(msg), env);
  },
});
