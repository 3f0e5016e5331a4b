/** Inbound endpoints: what inbound-definition.ts finds in the protocol and its parameters. */
import { readInbound } from '../inbound-definition';
import type { RuleContext } from './rule-context';

export function checkInbound(ctx: RuleContext): void {
  if (ctx.artifact.kind === 'inboundEndpoint') ctx.problems.push(...readInbound(ctx.artifact).problems);
}
