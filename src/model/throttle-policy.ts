/**
 * The WS-Policy throttle policy a `<throttle>` mediator carries (inline in `<policy>` or as a registry
 * resource), read as WSO2's ThrottlePolicyProcessor reads the forms Conduit runs:
 *
 * ```xml
 * <wsp:Policy><throttle:ThrottleAssertion>
 *   <throttle:MaximumConcurrentAccess>10</throttle:MaximumConcurrentAccess>
 *   <wsp:All>
 *     <throttle:ID throttle:type="IP">other</throttle:ID>
 *     <wsp:ExactlyOne>
 *       <wsp:All><throttle:MaximumCount>4</throttle:MaximumCount><throttle:UnitTime>800000</throttle:UnitTime>
 *         <throttle:ProhibitTimePeriod wsp:Optional="true">1000</throttle:ProhibitTimePeriod></wsp:All>
 *       <throttle:IsAllowed>true</throttle:IsAllowed>
 *     </wsp:ExactlyOne>
 *   </wsp:All>
 * </throttle:ThrottleAssertion></wsp:Policy>
 * ```
 *
 * One shared reader, so the runtime and the validator refuse the same policies in the same words.
 */
import type { ErrorCode } from './errors';
import { attr, textOf, type XmlElement, walkElements } from './xml';

/** How the callers an entry names are treated: counted, always let through, or always refused. */
export type ThrottleAccess = { kind: 'control'; maxCount: number; unitTimeMs: number; prohibitMs: number } | { kind: 'allow' } | { kind: 'deny' };

export interface ThrottlePolicy {
  /** MaximumConcurrentAccess: messages in flight at once through this throttle; undefined for no bound. */
  maxConcurrent?: number;
  /** The entry for `other` callers (every caller, as Conduit does not tell callers apart); undefined: no rate limit. */
  access?: ThrottleAccess;
}

export interface ThrottlePolicyIssue {
  code: ErrorCode;
  message: string;
}

/** Every element below `el` (itself included) with this local name, in document order. */
function descendants(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  walkElements(el, (e) => {
    if (e.local === local) out.push(e);
  });
  return out;
}

/** Reads the policy; `issues` says why the runtime refuses it, and `policy` is set only when it has none. */
export function readThrottlePolicy(policyEl: XmlElement): { policy?: ThrottlePolicy; issues: ThrottlePolicyIssue[] } {
  const issues: ThrottlePolicyIssue[] = [];
  const invalid = (message: string) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message });
  const whole = (el: XmlElement | undefined, what: string, min: number): number | undefined => {
    if (!el) return undefined;
    const text = textOf(el).trim();
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min)) invalid(`the throttle policy's ${what} '${text}' is not a whole number of at least ${min}`);
    return n;
  };
  if (descendants(policyEl, 'Policy').length === 0) invalid('a throttle <policy> needs a <wsp:Policy> holding the throttle assertion');
  const policy: ThrottlePolicy = {};
  const concurrent = descendants(policyEl, 'MaximumConcurrentAccess');
  if (concurrent.length > 1) invalid('the throttle policy has more than one MaximumConcurrentAccess');
  policy.maxConcurrent = whole(concurrent[0], 'MaximumConcurrentAccess', 0);

  // A caller entry is the element holding an ID; a policy of bare MaximumCount/UnitTime applies to every caller.
  const ids = descendants(policyEl, 'ID');
  const scopes: XmlElement[] = ids.map((id) => id.parent!).filter((p) => p !== undefined);
  if (ids.length === 0 && descendants(policyEl, 'MaximumCount').length > 0) scopes.push(policyEl);
  for (const id of ids) {
    const type = attr(id, 'throttle:type') ?? attr(id, 'type') ?? 'IP';
    const caller = textOf(id).trim();
    if (type !== 'IP' && type !== 'DOMAIN') invalid(`the throttle ID type '${type}' is not IP or DOMAIN`);
    else if (caller !== 'other') {
      issues.push({
        code: 'CONDUIT_UNSUPPORTED',
        message: `the throttle policy names the caller '${caller}'; the Conduit runtime does not tell callers apart by address or domain and throttles only 'other' (every caller)`,
      });
    }
  }
  if (scopes.length > 1) issues.push({ code: 'CONDUIT_UNSUPPORTED', message: `the throttle policy has ${scopes.length} caller entries; the Conduit runtime throttles one, for 'other'` });
  const scope = scopes[0];
  if (scope) {
    const count = descendants(scope, 'MaximumCount')[0];
    const allowed = descendants(scope, 'IsAllowed')[0];
    if (count) {
      const unit = descendants(scope, 'UnitTime')[0];
      if (!unit) invalid('the throttle policy has a MaximumCount without the UnitTime (milliseconds) it counts in');
      policy.access = {
        kind: 'control',
        maxCount: whole(count, 'MaximumCount', 0) ?? 0,
        unitTimeMs: whole(unit, 'UnitTime', 1) ?? 1,
        prohibitMs: whole(descendants(scope, 'ProhibitTimePeriod')[0], 'ProhibitTimePeriod', 0) ?? 0,
      };
    } else if (allowed) {
      const value = textOf(allowed).trim();
      if (value !== 'true' && value !== 'false') invalid(`the throttle policy's IsAllowed '${value}' is not true or false`);
      policy.access = { kind: value === 'false' ? 'deny' : 'allow' };
    } else invalid('a throttle caller entry needs a MaximumCount with its UnitTime, or IsAllowed');
  }
  return issues.length > 0 ? { issues } : { policy, issues };
}
