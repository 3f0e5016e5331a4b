/**
 * The flows of an artifact as the diagram draws them: each API resource, sequence, proxy or sequence
 * template becomes a list of steps, one per mediator, with the branches a mediator holds (filter, switch,
 * iterate, clone, foreach, aggregate, ...) and the endpoints, stores and sequences it names. Every step
 * keeps its element's source range, and its id is derived from where the element starts, so an editor,
 * a breakpoint or a live count can find the node of a line without another index.
 */
import { MEDIATORS, ELEMENTS, isConnectorOperation } from '../validate/schema';
import type { ElementSpec } from '../validate/element-spec';
import { attr, child, elements, textOf, type Range, type XmlElement } from '../xml';

/** A named thing a step uses, drawn at the edge of the flow. */
export interface FlowRef {
  kind: 'endpoint' | 'store' | 'sequence' | 'template';
  name: string;
}

export interface FlowStep {
  /** `m<line>.<column>` of the element's start tag (one-based), stable while the text above it is. */
  id: string;
  /** The element's local name: `log`, `payloadFactory`, `http.post`. */
  kind: string;
  /** What identifies this one: a property's name, a log's message, an endpoint's name. */
  detail: string;
  /** The element's description attribute, when it has one. */
  description?: string;
  range: Range;
  branches: FlowBranch[];
  refs: FlowRef[];
  /** The runtime does not know the element (an unknown tag, a connector operation). */
  unknown?: boolean;
}

export interface FlowBranch {
  id: string;
  /** `then`, `else`, `case grand oak`, `default`, `target`, `onComplete` ... */
  label: string;
  steps: FlowStep[];
  /** The element that holds the branch's mediators (where an insert into the branch goes). */
  container?: XmlElement;
  range: Range;
  /** A branch that runs a named sequence instead of inline mediators. */
  sequenceKey?: string;
}

export interface FlowSection {
  /** `in`, `out`, `fault` for resources and proxies; `main` and `fault` (onError) for sequences. */
  role: 'main' | 'in' | 'out' | 'fault';
  steps: FlowStep[];
  container?: XmlElement;
  /** Runs a named sequence instead of inline mediators. */
  sequenceKey?: string;
}

export interface Flow {
  id: string;
  kind: 'resource' | 'sequence' | 'proxy' | 'template';
  /** `GET /querydoctor/{category}`, the sequence's name, ... */
  title: string;
  range: Range;
  sections: FlowSection[];
  /** A proxy's target endpoint. */
  refs: FlowRef[];
}

/** Ids of elements, from where they start: unique in a document because two elements never start at one place. */
export function nodeId(el: XmlElement): string {
  return `m${el.range.start.line + 1}.${el.range.start.column + 1}`;
}

/** The flows of an artifact's root element (`api`, `sequence`, `proxy`, `template`); none for other kinds. */
export function flowsOf(root: XmlElement): Flow[] {
  switch (root.local) {
    case 'api':
      return elements(root, 'resource').map((r) => {
        const methods = (attr(r, 'methods') ?? '').trim().split(/\s+/).filter(Boolean).join(' ') || 'ANY';
        const path = attr(r, 'uri-template') ?? attr(r, 'url-mapping') ?? '/*';
        return { id: nodeId(r), kind: 'resource' as const, title: `${methods} ${path}`, range: r.range, sections: ioSections(r), refs: [] };
      });
    case 'proxy': {
      const target = child(root, 'target');
      const refs: FlowRef[] = [];
      const endpoint = target && (attr(target, 'endpoint') ?? endpointName(child(target, 'endpoint')));
      if (endpoint) refs.push({ kind: 'endpoint', name: endpoint });
      return [{ id: nodeId(root), kind: 'proxy', title: attr(root, 'name') ?? 'proxy', range: root.range, sections: target ? ioSections(target) : [], refs }];
    }
    case 'sequence':
      return [{ id: nodeId(root), kind: 'sequence', title: attr(root, 'name') ?? 'sequence', range: root.range, sections: sequenceSections(root, root), refs: [] }];
    case 'template': {
      const body = child(root, 'sequence');
      if (!body) return [];
      return [{ id: nodeId(root), kind: 'template', title: attr(root, 'name') ?? 'template', range: root.range, sections: sequenceSections(body, body), refs: [] }];
    }
    default:
      return [];
  }
}

function sequenceSections(holder: XmlElement, named: XmlElement): FlowSection[] {
  const sections: FlowSection[] = [{ role: 'main', steps: stepsOf(holder), container: holder }];
  const onError = attr(named, 'onError');
  if (onError) sections.push({ role: 'fault', steps: [], sequenceKey: onError });
  return sections;
}

function ioSections(holder: XmlElement): FlowSection[] {
  const sections: FlowSection[] = [];
  for (const [role, name] of [['in', 'inSequence'], ['out', 'outSequence'], ['fault', 'faultSequence']] as const) {
    const inline = child(holder, name);
    const key = attr(holder, name);
    if (inline) sections.push({ role, steps: stepsOf(inline), container: inline });
    else if (key) sections.push({ role, steps: [], sequenceKey: key });
  }
  return sections;
}

/**
 * True for an element the diagram draws as a step of its holder's mediator list: anything but the
 * structural children the holder's spec names (a filter's then and else) and descriptions. Unknown
 * elements and connector operations are steps too, so nothing of the flow goes unseen.
 */
export function isMediatorElement(el: XmlElement, holder: XmlElement): boolean {
  if (NOT_MEDIATORS.has(el.local)) return false;
  const holderSpec = holder.local in MEDIATORS ? ELEMENTS[MEDIATORS[holder.local]] : undefined;
  return !holderSpec?.children?.[el.local];
}

/** Elements that may sit among mediators and are not steps. */
const NOT_MEDIATORS = new Set(['description', 'parameter']);

/** The steps of a mediator list, walked with an explicit stack so nesting depth never overflows. */
export function stepsOf(list: XmlElement): FlowStep[] {
  const top: FlowStep[] = [];
  const work: Array<{ list: XmlElement; into: FlowStep[] }> = [{ list, into: top }];
  while (work.length > 0) {
    const { list: holder, into } = work.pop()!;
    for (const el of elements(holder)) {
      if (!isMediatorElement(el, holder)) continue;
      const step = stepOf(el);
      into.push(step);
      for (const { branch, holders } of branchesOf(el)) {
        step.branches.push(branch);
        for (const h of holders) work.push({ list: h, into: branch.steps });
      }
    }
  }
  return top;
}

function stepOf(el: XmlElement): FlowStep {
  const description = attr(el, 'description')?.trim() || undefined;
  const step: FlowStep = {
    id: nodeId(el),
    kind: el.local,
    detail: detailOf(el),
    range: el.range,
    branches: [],
    refs: refsOf(el),
  };
  if (description) step.description = description;
  if (!(el.local in MEDIATORS) || isConnectorOperation(el.local)) step.unknown = true;
  return step;
}

/** The branches of a mediator and the elements whose mediator lists fill each. */
function branchesOf(el: XmlElement): Array<{ branch: FlowBranch; holders: XmlElement[] }> {
  const specId = MEDIATORS[el.local];
  const spec: ElementSpec | undefined = specId ? ELEMENTS[specId] : undefined;
  if (!spec) return [];
  const out: Array<{ branch: FlowBranch; holders: XmlElement[] }> = [];
  // Mediators written directly inside: a filter's then branch (its older form), an inline sequence's body.
  if (spec.mediators && elements(el).some((c) => isMediatorElement(c, el))) {
    const label = el.local === 'filter' ? 'then' : 'body';
    out.push({ branch: { id: `${nodeId(el)}:${label}`, label, steps: [], container: el, range: el.range }, holders: [el] });
  }
  for (const c of elements(el)) {
    const cid = spec.children?.[c.local];
    if (!cid) continue;
    const cspec = ELEMENTS[cid];
    if (!cspec) continue;
    if (cspec.mediators) {
      out.push({ branch: branchFor(el, c, c), holders: [c] });
      continue;
    }
    // A target: its mediators sit in an inner <sequence>, or it names a sequence or an endpoint.
    const inner = Object.entries(cspec.children ?? {}).find(([, id]) => ELEMENTS[id]?.mediators);
    if (inner) {
      const seq = child(c, inner[0]);
      out.push({ branch: branchFor(el, c, seq), holders: seq ? [seq] : [] });
    }
  }
  return out;
}

function branchFor(owner: XmlElement, branchEl: XmlElement, container: XmlElement | undefined): FlowBranch {
  let label = branchEl.local;
  if (branchEl.local === 'case') label = `case ${attr(branchEl, 'regex') ?? ''}`;
  else if (branchEl.local === 'target') {
    const targets = elements(owner, 'target');
    label = targets.length > 1 ? `target ${targets.indexOf(branchEl) + 1}` : 'target';
  }
  const branch: FlowBranch = { id: nodeId(branchEl), label, steps: [], range: branchEl.range };
  if (container) branch.container = container;
  const key = attr(branchEl, 'sequence');
  if (key) branch.sequenceKey = key;
  return branch;
}

function endpointName(ep: XmlElement | undefined): string | undefined {
  if (!ep) return undefined;
  const key = attr(ep, 'key') ?? attr(ep, 'name');
  if (key) return key;
  const inner = elements(ep)[0];
  if (!inner) return undefined;
  return attr(inner, 'uri-template') ?? attr(inner, 'uri') ?? `${inner.local} endpoint`;
}

function refsOf(el: XmlElement): FlowRef[] {
  const refs: FlowRef[] = [];
  switch (el.local) {
    case 'call':
    case 'send':
    case 'callout': {
      const name = attr(el, 'endpointKey') ?? endpointName(child(el, 'endpoint'));
      if (name) refs.push({ kind: 'endpoint', name });
      break;
    }
    case 'store': {
      const name = attr(el, 'messageStore');
      if (name) refs.push({ kind: 'store', name });
      break;
    }
    case 'sequence': {
      const key = attr(el, 'key');
      if (key) refs.push({ kind: 'sequence', name: key });
      break;
    }
    case 'call-template': {
      const target = attr(el, 'target');
      if (target) refs.push({ kind: 'template', name: target });
      break;
    }
    case 'iterate':
    case 'clone':
    case 'foreach':
      for (const t of elements(el, 'target')) {
        const ep = attr(t, 'endpoint') ?? endpointName(child(t, 'endpoint'));
        if (ep) refs.push({ kind: 'endpoint', name: ep });
        const seq = attr(t, 'sequence');
        if (seq) refs.push({ kind: 'sequence', name: seq });
      }
      break;
  }
  return refs;
}

/** The detail that tells one mediator of a kind from another, kept short. */
function detailOf(el: XmlElement): string {
  const a = (name: string) => attr(el, name)?.trim() || undefined;
  switch (el.local) {
    case 'log': {
      const message = child(el, 'message');
      if (message) return textOf(message).trim();
      const prop = elements(el, 'property')[0];
      const said = prop ? attr(prop, 'value') ?? attr(prop, 'expression') : undefined;
      return said ?? a('category') ?? a('level') ?? 'simple';
    }
    case 'property':
    case 'variable': {
      const name = a('name') ?? '';
      if (a('action') === 'remove') return `remove ${name}`;
      const value = a('value') ?? a('expression');
      return value !== undefined ? `${name} = ${value}` : name;
    }
    case 'header':
      return a('action') === 'remove' ? `remove ${a('name') ?? ''}` : a('name') ?? '';
    case 'payloadFactory':
      return a('media-type') ?? 'xml';
    case 'call':
    case 'send':
    case 'callout':
      return a('serviceURL') ?? a('endpointKey') ?? endpointName(child(el, 'endpoint')) ?? (el.local === 'send' ? 'reply' : '');
    case 'store':
      return a('messageStore') ?? '';
    case 'sequence':
      return a('key') ?? '';
    case 'call-template':
      return a('target') ?? '';
    case 'datamapper':
      return a('config') ?? '';
    case 'switch':
      return a('source') ?? '';
    case 'filter':
      return a('xpath') ?? [a('source'), a('regex')].filter(Boolean).join(' ~ ');
    case 'iterate':
    case 'foreach':
      return a('expression') ?? a('collection') ?? '';
    case 'aggregate':
      return a('id') ?? '';
    case 'clone':
      return a('id') ?? `${elements(el, 'target').length} targets`;
    case 'enrich': {
      const source = child(el, 'source');
      const target = child(el, 'target');
      return `${(source && attr(source, 'type')) ?? 'custom'} → ${(target && attr(target, 'type')) ?? 'custom'}`;
    }
    case 'script':
      return [a('language'), a('key'), a('function')].filter(Boolean).join(' ');
    case 'xslt':
    case 'fastXSLT':
      return a('key') ?? '';
    case 'validate': {
      const schema = child(el, 'schema');
      return (schema && attr(schema, 'key')) ?? a('source') ?? '';
    }
    case 'throttle':
      return a('id') ?? '';
    case 'cache':
      return a('collector') === 'true' ? 'collector' : `finder ${a('timeout') ?? ''}`.trim();
    case 'makefault':
      return a('version') ?? '';
    case 'throwError':
      return [a('type'), a('errorMessage')].filter(Boolean).join(': ');
    case 'propertyGroup':
      return `${elements(el, 'property').length + elements(el, 'variable').length} properties`;
    default:
      return a('name') ?? a('key') ?? '';
  }
}
