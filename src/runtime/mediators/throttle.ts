/**
 * `<throttle id=".." [onAccept="key"] [onReject="key"]><policy>..</policy><onAccept>..</onAccept>?<onReject>..</onReject>?</throttle>`:
 * Synapse's ThrottleMediator for the policies src/model/throttle-policy.ts reads. A request is accepted
 * while fewer than MaximumConcurrentAccess messages it accepted are still in flight (a slot is given back
 * when the answer goes to the client, as MI gives it back, or when a flow that never answers ends), and while the
 * `other` entry's count allows it: MaximumCount requests per UnitTime window, the window opening at the
 * first request after the last one closed; the request past the count is refused until the window ends,
 * or for ProhibitTimePeriod when that is set. Accepted requests run onAccept (or go on after the
 * throttle), refused ones onReject (or stop). Responses pass through uncounted.
 */
import type { ThrottlePolicy } from '../../model/throttle-policy';
import { mediatorIssues, throttlePolicyOf } from '../../model/validate/mediator-rules';
import { attr, child, elements, type XmlElement } from '../../model/xml';
import { MediationFault } from '../fault';
import type { MessageContext } from '../message';
import { defineMediator, type CompiledSequence, type MediationEnv, type ParseContext } from './types';

type Branch = { inline?: CompiledSequence; key?: string } | undefined;

/** The counters of one throttle, kept for as long as its artifact is deployed. */
interface ThrottleState {
  inFlight: number;
  windowEnds: number;
  count: number;
  prohibitedUntil: number;
}

interface ThrottleConfig {
  id: string;
  policy: ThrottlePolicy;
  onAccept: Branch;
  onReject: Branch;
  state: ThrottleState;
}

function branch(el: XmlElement, name: 'onAccept' | 'onReject', ctx: ParseContext): Branch {
  const key = attr(el, name);
  if (key !== undefined) return { key };
  const inline = child(el, name);
  return inline && elements(inline).length > 0 ? { inline: ctx.parseSequence(inline) } : undefined;
}

/** Whether the rate entry lets this request through now, counting it when it does. */
function takeRate(c: ThrottleConfig, now: number): boolean {
  const access = c.policy.access;
  if (!access || access.kind === 'allow') return true;
  if (access.kind === 'deny') return false;
  const s = c.state;
  if (now < s.prohibitedUntil) return false;
  if (now >= s.windowEnds) {
    s.windowEnds = now + access.unitTimeMs;
    s.count = 0;
  }
  if (s.count < access.maxCount) {
    s.count++;
    return true;
  }
  s.prohibitedUntil = access.prohibitMs > 0 ? now + access.prohibitMs : s.windowEnds;
  // A prohibition replaces the rest of the window: counting starts afresh once it is over.
  s.windowEnds = s.prohibitedUntil;
  return false;
}

function accept(c: ThrottleConfig, env: MediationEnv): boolean {
  const max = c.policy.maxConcurrent;
  if (max !== undefined && c.state.inFlight >= max) return false;
  if (!takeRate(c, Date.now())) return false;
  if (max !== undefined) {
    c.state.inFlight++;
    env.onAnswered(() => void c.state.inFlight--);
  }
  return true;
}

async function runBranch(b: Branch, which: string, msg: MessageContext, env: MediationEnv): Promise<boolean | undefined> {
  if (!b) return undefined;
  const sequence = b.inline ?? env.sequence(b.key!);
  if (!sequence) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `Unable to find the ${which} sequence '${b.key}' of the throttle: it is not deployed`);
  return env.run(sequence, msg);
}

export default defineMediator<ThrottleConfig>({
  name: 'throttle',
  parse(el, ctx) {
    const issue = mediatorIssues(el, (key) => ctx.resource(key))[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    const policy =
      throttlePolicyOf(el, (key) => ctx.resource(key))?.policy ??
      ctx.fail('CONDUIT_REGISTRY_NOT_FOUND', `the throttle policy ${attr(child(el, 'policy')!, 'key')} is not in the registry`, child(el, 'policy'));
    return {
      id: attr(el, 'id')!,
      policy,
      onAccept: branch(el, 'onAccept', ctx),
      onReject: branch(el, 'onReject', ctx),
      state: { inFlight: 0, windowEnds: 0, count: 0, prohibitedUntil: 0 },
    };
  },
  async mediate(c, msg, env) {
    if (msg.direction === 'response') return true;
    if (accept(c, env)) return (await runBranch(c.onAccept, 'onAccept', msg, env)) ?? true;
    env.logger.log('DEBUG', 'ThrottleMediator', `Access denied by the throttle '${c.id}' for message ${msg.messageId}`);
    return (await runBranch(c.onReject, 'onReject', msg, env)) ?? false;
  },
});
