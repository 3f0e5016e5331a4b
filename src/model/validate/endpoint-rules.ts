/**
 * What the Conduit runtime can run of an `<endpoint>` element. The runtime refuses an endpoint for the
 * first issue `endpointIssues` finds and the validator reports every one, with the same code and
 * words, so the editor shows exactly what will not deploy. Synapse's own refusals (a group without
 * members, `policy` and `algorithm` together) are CONDUIT_ARTIFACT_INVALID; features MI has and
 * Conduit lacks are CONDUIT_UNSUPPORTED.
 */
import type { ErrorCode } from '../errors';
import { attr, elements, SYNAPSE_NS, type XmlElement, walkElements } from '../xml';
import type { RuleContext } from './rule-context';

export const ROUND_ROBIN = 'org.apache.synapse.endpoints.algorithms.RoundRobin';
export const WEIGHTED_ROUND_ROBIN = 'org.apache.synapse.endpoints.algorithms.WeightedRoundRobin';
/** The member property WeightedRoundRobin reads. */
export const WEIGHT_PROPERTY = 'loadbalance.weight';

const RUNNABLE = ['http', 'address', 'failover', 'loadbalance'];
const DEFINITIONS = [...RUNNABLE, 'wsdl', 'default', 'recipientlist'];
/**
 * Artifact kinds whose endpoints the runtime compiles; it skips proxies. Of a template only a sequence
 * template's body is checked: an endpoint template's holds `$x` placeholders until it is instantiated.
 */
const DEPLOYED_KINDS = new Set(['endpoint', 'api', 'sequence', 'template']);

export interface EndpointIssue {
  code: ErrorCode;
  message: string;
  at: XmlElement;
}

/** The definition child of an `<endpoint>` (`<http>`, `<failover>`, ...), if it has one. */
export function endpointDefinition(el: XmlElement): XmlElement | undefined {
  return elements(el).find((c) => DEFINITIONS.includes(c.local));
}

/** Problems the runtime refuses this `<endpoint>` for; its member endpoints are checked on their own. */
export function endpointIssues(el: XmlElement): EndpointIssue[] {
  const issues: EndpointIssue[] = [];
  if (attr(el, 'key') !== undefined || attr(el, 'key-expression') !== undefined) return issues;
  const unsupported = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_UNSUPPORTED', message, at });
  const def = endpointDefinition(el);
  if (def && !RUNNABLE.includes(def.local)) unsupported(`<${def.local}> endpoints are not supported by the Conduit runtime`, def);
  if (def?.local === 'failover' || def?.local === 'loadbalance') issues.push(...groupIssues(def));
  return issues;
}

function groupIssues(group: XmlElement): EndpointIssue[] {
  const issues: EndpointIssue[] = [];
  const invalid = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_ARTIFACT_INVALID', message, at });
  const unsupported = (message: string, at: XmlElement) => issues.push({ code: 'CONDUIT_UNSUPPORTED', message, at });
  const members = elements(group, 'endpoint');
  const clustered = elements(group, 'member');
  if (members.length === 0 && clustered.length === 0) invalid(`a <${group.local}> group needs at least one <endpoint> member`, group);
  for (const m of clustered)
    unsupported('clustered load-balance members (<member hostName port>) are not supported by the Conduit runtime; list the back ends as <endpoint> members', m);
  if (group.local !== 'loadbalance') return issues;

  const session = elements(group, 'session')[0];
  if (session) unsupported('sticky sessions (<session>) are not supported by the Conduit runtime; without <session> the group balances round robin', session);
  const algorithm = attr(group, 'algorithm')?.trim();
  const policy = attr(group, 'policy')?.trim();
  if (algorithm !== undefined && policy !== undefined) invalid("give either 'algorithm' or 'policy', not both (Synapse refuses the pair)", group);
  else if (policy !== undefined && policy !== 'roundRobin') invalid(`policy '${policy}' is not a load-balance policy: use algorithm="${ROUND_ROBIN}"`, group);
  else if (algorithm !== undefined && algorithm !== ROUND_ROBIN && algorithm !== WEIGHTED_ROUND_ROBIN)
    unsupported(`the load-balance algorithm ${algorithm} is not supported by the Conduit runtime (RoundRobin or WeightedRoundRobin)`, group);
  else if (algorithm === WEIGHTED_ROUND_ROBIN) {
    for (const m of members) {
      const weight = memberWeight(m);
      if (weight === undefined) continue;
      if (!/^\d+$/.test(weight) || Number(weight) <= 0) invalid(`${WEIGHT_PROPERTY} must be a whole number greater than zero, not '${weight}'`, m);
    }
  }
  return issues;
}

/** The `loadbalance.weight` property of a member endpoint, as written. */
export function memberWeight(member: XmlElement): string | undefined {
  const p = elements(member, 'property').find((e) => attr(e, 'name') === WEIGHT_PROPERTY);
  return p && (attr(p, 'value') ?? '').trim();
}

/** Reports every endpoint, inline ones in sequences and APIs included, the runtime would refuse. */
export function checkEndpoints(ctx: RuleContext): void {
  if (!DEPLOYED_KINDS.has(ctx.artifact.kind)) return;
  const visit = (root: XmlElement) =>
    walkElements(root, (el) => {
      if (el.local === 'endpoint' && (el.ns === SYNAPSE_NS || el.ns === '')) for (const i of endpointIssues(el)) ctx.report(i.code, i.message, i.at.nameRange);
    });
  const root = ctx.artifact.element;
  if (ctx.artifact.kind === 'template') elements(root, 'sequence').forEach(visit);
  else visit(root);
}
