/**
 * The message processor classes Conduit knows (synapse `message/processor/impl`): their parameters, the
 * older names MI accepts, and which the Conduit runtime runs (all three). The validator, the language
 * server, the wizards, the explorer and the runtime's processor factory read this one table.
 */
import { bool, int, str, type ClassSpec, type ParameterSpec } from './parameters';

export type MessageProcessorType = 'sampling' | 'scheduled-forwarding' | 'failover-forwarding' | 'custom';

export interface ProcessorClassSpec extends ClassSpec {
  type: Exclude<MessageProcessorType, 'custom'>;
}

export const PROCESSOR_CLASSES = {
  sampling: 'org.apache.synapse.message.processor.impl.sampler.SamplingProcessor',
  forwarding: 'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor',
  failover: 'org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor',
} as const;

const scheduling: ParameterSpec[] = [
  int('interval', 'Milliseconds between runs (the scheduler runs at most once a second).', '1000', 0),
  { name: 'cronExpression', type: 'cron', doc: 'A Quartz cron expression; when present it drives the schedule instead of `interval`.' },
  bool('is.active', 'Start the processor when deployed.', 'true'),
  int('member.count', 'Number of task instances.', '1', 1),
  str('quartz.conf', 'Quartz configuration file.'),
  int('max.store.connection.attempts', 'Attempts to reconnect to the store; `-1` retries forever.', '-1', -1),
  int('store.connection.retry.interval', 'Milliseconds between store reconnection attempts.', '1000', 0),
];

const forwarding: ParameterSpec[] = [
  int('client.retry.interval', 'Milliseconds between delivery attempts of one message.', '1000', 0),
  int('max.delivery.attempts', 'Delivery attempts before the message is dropped, moved or the processor deactivates; 0 or less retries forever.', '4'),
  { name: 'max.delivery.drop', type: 'enum', values: ['Enabled', 'Disabled'], default: 'Disabled', doc: 'Drop a message that used up its attempts (when attempts > 0).' },
  { name: 'message.processor.fault.sequence', type: 'sequence', doc: 'Sequence run after each failed attempt.' },
  { name: 'message.processor.deactivate.sequence', type: 'sequence', doc: 'Sequence run when the processor deactivates.' },
];

/** Message processor classes. */
export const PROCESSOR_CLASS_SPECS: readonly ProcessorClassSpec[] = [
  {
    type: 'sampling',
    className: PROCESSOR_CLASSES.sampling,
    aliases: ['org.apache.synapse.message.processors.sampler.SamplingProcessor'],
    kind: 'messageProcessor',
    label: 'Message sampling processor',
    doc: 'Takes `concurrency` messages from the store on each run and injects each into `sequence`. Conduit removes a message from the store only after the sequence completes (at-least-once).',
    parameters: [
      { name: 'sequence', type: 'sequence', required: true, doc: 'The sequence each message is injected into.' },
      int('concurrency', 'Messages taken per run.', '1', 1),
      ...scheduling,
    ],
  },
  {
    type: 'scheduled-forwarding',
    className: PROCESSOR_CLASSES.forwarding,
    aliases: ['org.apache.synapse.message.processors.forward.ScheduledMessageForwardingProcessor'],
    kind: 'messageProcessor',
    label: 'Scheduled message forwarding processor',
    doc: 'Delivers each stored message to the target endpoint, retrying until it succeeds; a message leaves the store only once delivered.',
    parameters: [
      ...scheduling,
      ...forwarding,
      { name: 'target.endpoint', type: 'endpoint', doc: 'The endpoint to deliver to (also set by the `targetEndpoint` attribute).' },
      { name: 'message.processor.reply.sequence', type: 'sequence', doc: 'Sequence that receives the response; without one the processor deactivates after a delivery.' },
      { name: 'message.processor.failMessagesStore', type: 'messageStore', doc: 'Store that receives messages that used up their delivery attempts.' },
      str('non.retry.status.codes', 'Comma-separated HTTP status codes that count as delivered.'),
      bool('throttle', 'Set from `interval` at start-up; any value given is overwritten.'),
      str('axis2.repo', 'Axis2 repository of the sender.'),
      str('axis2.config', 'Axis2 configuration of the sender.'),
    ],
  },
  {
    type: 'failover-forwarding',
    className: PROCESSOR_CLASSES.failover,
    kind: 'messageProcessor',
    label: 'Failover message forwarding processor',
    doc: 'Moves each stored message into another store, retrying until it succeeds.',
    parameters: [
      { name: 'message.target.store.name', type: 'messageStore', required: true, doc: 'The store messages are forwarded to.' },
      ...scheduling,
      ...forwarding,
      bool('bind.processor.server', 'Bind the processor to one server of a cluster.'),
    ],
  },
];

/** The class a `class` attribute names, older names included; undefined for a class Conduit does not know. */
export function processorClassSpec(className: string | undefined): ProcessorClassSpec | undefined {
  const written = className?.trim();
  if (!written) return undefined;
  return PROCESSOR_CLASS_SPECS.find((c) => c.className === written || c.aliases?.includes(written));
}

/**
 * Why the Conduit runtime refuses to run processor `name` of this class, in the words the runtime's deploy
 * error and the editor's warning both use; undefined when it runs it.
 */
export function processorRefusal(name: string, className: string | undefined): string | undefined {
  const spec = processorClassSpec(className);
  if (spec && !spec.notRun) return undefined;
  return (
    `message processor ${name}: class ${className?.trim() || '(none)'} is not supported by the embedded runtime; ` +
    `use the sampling, scheduled forwarding or failover forwarding processor`
  );
}
