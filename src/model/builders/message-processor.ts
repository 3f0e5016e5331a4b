/**
 * Message processor types with their classes and parameters (synapse-semantics.md §7), and the builder that
 * writes a `<messageProcessor>`. Store, sequence and endpoint fields name artifacts of the project.
 */
import { PROCESSOR_CLASSES, type MessageProcessorType } from '../catalog/message-processors';
import type { XmlElement } from '../xml';
import { checkInteger, checkName, CUSTOM_CLASS_FIELDS, parseParameterList, type Field } from './fields';
import { parameter, synapseRoot } from './synapse-element';

export type { MessageProcessorType } from '../catalog/message-processors';

export interface MessageProcessorTypeInfo {
  type: MessageProcessorType;
  label: string;
  /** The type in a word or two, as the explorer shows it beside a processor. */
  shortLabel: string;
  description: string;
  className?: string;
  /** Said beside a type the Conduit runtime does not run: written for MI, refused by `conduit run`. */
  detail?: string;
  fields: readonly Field[];
}

const text = { kind: 'text' } as const;
const store = { kind: 'artifact', artifact: 'messageStore' } as const;
const sequence = { kind: 'artifact', artifact: 'sequence' } as const;
const endpoint = { kind: 'artifact', artifact: 'endpoint' } as const;
const active = { name: 'is.active', label: 'Active on deploy', source: { kind: 'choice', options: ['true', 'false'] }, defaultValue: 'true' } as const;
const interval: Field = { name: 'interval', label: 'Polling interval (ms)', source: text, defaultValue: '1000', required: true, check: checkInteger(1) };
const optionalSequence = (name: string, label: string): Field => ({ name, label, source: sequence, defaultValue: '' });
const forwarding: readonly Field[] = [
  interval,
  { name: 'client.retry.interval', label: 'Retry interval (ms)', source: text, defaultValue: '1000', check: checkInteger(0) },
  { name: 'max.delivery.attempts', label: 'Maximum delivery attempts', source: text, defaultValue: '4', check: checkInteger(-1) },
  { name: 'max.delivery.drop', label: 'Drop the message after the last attempt', source: { kind: 'choice', options: ['Disabled', 'Enabled'] }, defaultValue: 'Disabled' },
  { name: 'message.processor.fault.sequence', label: 'Fault sequence', source: sequence, defaultValue: '' },
  { name: 'message.processor.deactivate.sequence', label: 'Deactivate sequence', source: sequence, defaultValue: '' },
];

/** The `messageStore` attribute: every processor reads from one store. */
export const MESSAGE_STORE_FIELD: Field = { name: 'messageStore', label: 'Message store', source: store, required: true };

export const MESSAGE_PROCESSOR_TYPES: readonly MessageProcessorTypeInfo[] = [
  {
    type: 'sampling',
    label: 'Message Sampling',
    shortLabel: 'Sampling',
    description: 'Hands each stored message to a sequence, at the rate the interval allows',
    className: PROCESSOR_CLASSES.sampling,
    fields: [
      MESSAGE_STORE_FIELD,
      { name: 'sequence', label: 'Sequence', source: sequence, required: true },
      interval,
      { name: 'concurrency', label: 'Messages per interval', source: text, defaultValue: '1', check: checkInteger(1) },
      active,
    ],
  },
  {
    type: 'scheduled-forwarding',
    label: 'Scheduled Message Forwarding',
    shortLabel: 'Scheduled Forwarding',
    description: 'Sends each stored message to an endpoint, retrying until it is delivered',
    className: PROCESSOR_CLASSES.forwarding,
    fields: [
      MESSAGE_STORE_FIELD,
      { name: 'targetEndpoint', label: 'Target endpoint', source: endpoint, required: true },
      ...forwarding,
      optionalSequence('message.processor.reply.sequence', 'Reply sequence'),
      { name: 'message.processor.failMessagesStore', label: 'Store for failed messages', source: store, defaultValue: '' },
      active,
    ],
  },
  {
    type: 'failover-forwarding',
    label: 'Failover Scheduled Message Forwarding',
    shortLabel: 'Failover Forwarding',
    description: 'Moves each stored message into another store',
    className: PROCESSOR_CLASSES.failover,
    fields: [
      MESSAGE_STORE_FIELD,
      { name: 'message.target.store.name', label: 'Target store', source: store, required: true },
      ...forwarding,
      active,
    ],
  },
  {
    type: 'custom',
    label: 'Custom',
    shortLabel: 'Custom',
    description: 'Your own MessageProcessor implementation',
    detail: 'Written for MI; Conduit runs only the sampling and forwarding processors locally',
    fields: [
      MESSAGE_STORE_FIELD,
      ...CUSTOM_CLASS_FIELDS,
    ],
  },
];

export function messageProcessorType(type: MessageProcessorType): MessageProcessorTypeInfo {
  const info = MESSAGE_PROCESSOR_TYPES.find((t) => t.type === type);
  if (!info) throw new Error(`unknown message processor type ${type}`);
  return info;
}

export interface MessageProcessorState {
  name: string;
  type: MessageProcessorType;
  values?: Record<string, string>;
}

/** Written as attributes of `<messageProcessor>`, not as parameters. */
const ATTRIBUTES = new Set(['messageStore', 'targetEndpoint', 'class', 'parameters']);

/** Builds the `<messageProcessor>` element. */
export function buildMessageProcessor(state: MessageProcessorState): XmlElement {
  const problem = checkName(state.name);
  if (problem) throw new Error(`message processor name: ${problem}`);
  const info = messageProcessorType(state.type);
  const values = state.values ?? {};
  const value = (name: string) => values[name] ?? info.fields.find((f) => f.name === name)?.defaultValue ?? '';
  if (value('messageStore') === '') throw new Error('a message processor needs a message store');
  const params: XmlElement[] = [];
  for (const f of info.fields) {
    if (ATTRIBUTES.has(f.name)) continue;
    const v = value(f.name);
    // Optional references left empty stay out: an empty sequence name would be an unresolvable reference.
    if (v === '' && !f.required) continue;
    params.push(parameter(f.name, v));
  }
  if (info.type === 'custom') {
    for (const [n, v] of parseParameterList(value('parameters'))) params.push(parameter(n, v));
  }
  const target = value('targetEndpoint');
  if (target !== '') params.push(parameter('target.endpoint', target));
  return synapseRoot(
    'messageProcessor',
    {
      name: state.name,
      class: info.type === 'custom' ? value('class') : info.className,
      messageStore: value('messageStore'),
      targetEndpoint: target === '' ? undefined : target,
    },
    params,
  );
}
