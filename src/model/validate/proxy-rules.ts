/** Proxy services: what proxy-definition.ts finds in the target, transports, WS-Security and publishWSDL. */
import { readProxy } from '../proxy-definition';
import type { RuleContext } from './rule-context';

export function checkProxy(ctx: RuleContext): void {
  if (ctx.artifact.kind === 'proxy') ctx.problems.push(...readProxy(ctx.artifact).problems);
}
