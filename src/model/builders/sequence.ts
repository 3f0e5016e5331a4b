/** Builds a named sequence that logs the message, ready for mediators to be added. */
import { el, type XmlElement } from '../xml';
import { checkName } from './fields';
import { synapseRoot } from './synapse-element';

export interface SequenceState {
  name: string;
  /** Ends the sequence with `<drop/>` (a processor's sequence usually does). */
  drop?: boolean;
}

export function buildSequence(state: SequenceState): XmlElement {
  const problem = checkName(state.name);
  if (problem) throw new Error(`sequence: ${problem}`);
  const children = [el('log', { level: 'full' })];
  if (state.drop) children.push(el('drop'));
  return synapseRoot('sequence', { name: state.name, trace: 'disable' }, children);
}
