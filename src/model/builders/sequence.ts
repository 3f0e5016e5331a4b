/** Builds a named sequence that logs the message, ready for mediators to be added. */
import { el, type XmlElement } from '../xml';
import type { ExpressionStyle } from './expression-style';
import { checkName } from './fields';
import { synapseRoot } from './synapse-element';

export interface SequenceState {
  name: string;
  /** Ends the sequence with `<drop/>` (a processor's sequence usually does). */
  drop?: boolean;
  /** 'mi44' logs the payload through a `<message>` template; 'classic' (the default) logs the full envelope. */
  expressionStyle?: ExpressionStyle;
}

export function buildSequence(state: SequenceState): XmlElement {
  const problem = checkName(state.name);
  if (problem) throw new Error(`sequence: ${problem}`);
  const children = [
    state.expressionStyle === 'mi44'
      ? el('log', { category: 'INFO' }, [el('message', {}, [`${state.name}: \${payload}`])])
      : el('log', { level: 'full' }),
  ];
  if (state.drop) children.push(el('drop'));
  return synapseRoot('sequence', { name: state.name, trace: 'disable' }, children);
}
