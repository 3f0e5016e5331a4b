/**
 * Which MI 4.4 variables a mediator can read: those set earlier in the same flow, including inside
 * the named sequences it called. Shared by the "used before it is defined" rule, completion after
 * `vars.` and hover on `vars.x`.
 */
import type { ArtifactKind } from '../types';
import { isDynamicValue } from '../catalog/connectors';
import { isConnectorOperation } from './schema';
import { attr, child, elements, textOf, type XmlElement } from '../xml';
import type { ProjectIndex } from './project-index';

/** Where a variable is set: the element that sets it. */
export interface VariableDefinition {
  name: string;
  element: XmlElement;
  /** The `<sequence key>` call whose sequence (or one it called) set it, when not set in this flow itself. */
  via?: XmlElement;
}

/** The root `<sequence>` of the named sequence a `<sequence key>` runs, when the project defines it. */
export type SequenceLookup = (key: string) => XmlElement | undefined;

/** Looks sequences up in the project, as the runtime resolves a `<sequence key>`. */
export function sequencesOf(index: ProjectIndex): SequenceLookup {
  return (key) => {
    const target = index.resolve({ kind: 'sequence', key: key.trim() });
    return target !== undefined && target !== true && 'kind' in target && target.kind === 'sequence' ? target.element : undefined;
  };
}

export interface VariablesInScope {
  /** Variables set before the element, first definition of each name. */
  defined: Map<string, VariableDefinition>;
  /**
   * True when an earlier mediator calls a template, or a sequence that cannot be followed (not in the
   * project, or not looked up), which may set variables of its own; then a name missing from
   * `defined` is not known to be undefined.
   */
  open: boolean;
}

/**
 * Artifacts whose flows start with no variables. A named sequence or template runs with the
 * variables of whichever flow calls it, so nothing read there can be said to be undefined.
 */
export const FLOW_ROOTS: ReadonlySet<ArtifactKind> = new Set<ArtifactKind>(['api', 'proxy']);

/**
 * Variables set before `el` runs: in the earlier siblings of `el` and of each of its ancestors
 * (anywhere inside them, since a variable set in one branch of an earlier switch may be set), and,
 * for an out or fault sequence, in the inSequence that ran before it. A branch sibling of the one
 * holding `el` (another switch case) does not count, being earlier in the file but not in the flow.
 * A `<sequence key>` call found through `sequences` counts as the mediators of that sequence.
 */
export function variablesBefore(el: XmlElement, sequences?: SequenceLookup): VariablesInScope {
  const scope: VariablesInScope = { defined: new Map(), open: false };
  const collect = (e: XmlElement) => collectInto(e, scope, { sequences, calling: new Set() });
  for (let node = el; node.parent; node = node.parent) {
    const parent = node.parent;
    if (node.local === 'outSequence' || node.local === 'faultSequence') {
      const inSequence = elements(parent, 'inSequence')[0];
      if (inSequence && inSequence !== node) collect(inSequence);
    }
    if (isBranchContainer(parent)) continue;
    for (const sibling of elements(parent)) {
      if (sibling === node) break;
      collect(sibling);
    }
  }
  return scope;
}

/**
 * Elements whose children are alternative branches (switch cases, filter then/else) or separate
 * flows of one artifact (a resource's in, out and fault sequences), not steps that run in order.
 */
function isBranchContainer(el: XmlElement): boolean {
  return el.local === 'switch' || el.local === 'filter' || el.local === 'resource' || el.local === 'target' || el.local === 'api';
}

interface Following {
  sequences?: SequenceLookup;
  /** Sequences being followed, so a cycle of calls ends. */
  calling: Set<XmlElement>;
  /** The call in the flow itself that led here. */
  via?: XmlElement;
}

/** One step of collectInto's walk: an element to read, or the end of following a called sequence. */
type CollectStep = { el: XmlElement; following: Following } | { leave: XmlElement; following: Following };

function collectInto(root: XmlElement, scope: VariablesInScope, following: Following): void {
  // An explicit stack, in document order (see walkElements): called sequences are followed inline.
  const stack: CollectStep[] = [{ el: root, following }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('leave' in step) {
      step.following.calling.delete(step.leave);
      continue;
    }
    const { el, following: f } = step;
    for (const name of namesSetBy(el)) if (!scope.defined.has(name)) scope.defined.set(name, { name, element: el, via: f.via });
    const next: CollectStep[] = [];
    const key = el.local === 'sequence' ? attr(el, 'key') : undefined;
    if (el.local === 'call-template') scope.open = true;
    else if (key !== undefined) {
      const called = f.sequences?.(key);
      if (!called) scope.open = true;
      else if (!f.calling.has(called)) {
        // Entering a sequence already being followed (a cycle, which its own rule reports) would set nothing new.
        f.calling.add(called);
        const inside = { ...f, via: f.via ?? el };
        for (const c of elements(called)) next.push({ el: c, following: inside });
        next.push({ leave: called, following: f });
      }
    }
    for (const c of elements(el)) next.push({ el: c, following: f });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
}

/** Names of the variables one element sets (not those of its children). */
function namesSetBy(el: XmlElement): string[] {
  const names: string[] = [];
  const add = (n: string | undefined) => {
    if (n && n.trim() !== '') names.push(n.trim());
  };
  if (el.local === 'variable' && attr(el, 'action')?.trim().toLowerCase() !== 'remove') add(attr(el, 'name'));
  // MI 4.4 connector operations and scatter-gather store their result in a variable they name.
  add(attr(el, 'responseVariable'));
  if (isConnectorOperation(el.local)) {
    const response = child(el, 'responseVariable');
    if (response && !isDynamicValue(textOf(response))) add(textOf(response));
  }
  add(attr(el, 'variable-name'));
  if (el.local === 'target' && attr(el, 'type')?.trim() === 'variable') add(attr(el, 'property') ?? textOf(el));
  return names;
}
