/**
 * Which MI 4.4 variables a mediator can read: those set earlier in the same flow. Shared by the
 * "used before it is defined" rule, completion after `vars.` and hover on `vars.x`.
 */
import type { ArtifactKind } from '../types';
import { attr, elements, textOf, type XmlElement } from '../xml';

/** Where a variable is set: the element that sets it. */
export interface VariableDefinition {
  name: string;
  element: XmlElement;
}

export interface VariablesInScope {
  /** Variables set before the element, first definition of each name. */
  defined: Map<string, VariableDefinition>;
  /**
   * True when an earlier mediator calls a sequence or template, which may set variables of its own;
   * then a name missing from `defined` is not known to be undefined.
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
 */
export function variablesBefore(el: XmlElement): VariablesInScope {
  const scope: VariablesInScope = { defined: new Map(), open: false };
  for (let node = el; node.parent; node = node.parent) {
    const parent = node.parent;
    if (node.local === 'outSequence' || node.local === 'faultSequence') {
      const inSequence = elements(parent, 'inSequence')[0];
      if (inSequence && inSequence !== node) collect(inSequence, scope);
    }
    if (isBranchContainer(parent)) continue;
    for (const sibling of elements(parent)) {
      if (sibling === node) break;
      collect(sibling, scope);
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

function collect(el: XmlElement, scope: VariablesInScope): void {
  for (const name of namesSetBy(el)) if (!scope.defined.has(name)) scope.defined.set(name, { name, element: el });
  if ((el.local === 'sequence' && attr(el, 'key') !== undefined) || el.local === 'call-template') scope.open = true;
  for (const c of elements(el)) collect(c, scope);
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
  add(attr(el, 'variable-name'));
  if (el.local === 'target' && attr(el, 'type')?.trim() === 'variable') add(attr(el, 'property') ?? textOf(el));
  return names;
}
