/**
 * Turns a `messageProcessor` artifact into a MessageProcessor, mapping MI's class names (current and
 * deprecated).
 */
import { ConduitError } from '../../model/errors';
import { FAILOVER_PROCESSOR_CLASS, FailoverForwardingProcessor } from './failover-forwarding';
import { FORWARDING_PROCESSOR_CLASS, ForwardingProcessor } from './forwarding';
import { SAMPLING_PROCESSOR_CLASS, SamplingProcessor } from './sampling';
import type { ProcessorDefinition } from './scheduled-processor';
import type { MessageProcessor, ProcessorHost } from './types';

export type { ProcessorDefinition } from './scheduled-processor';

const CLASSES: Record<string, (def: ProcessorDefinition, host: ProcessorHost) => MessageProcessor> = {
  [SAMPLING_PROCESSOR_CLASS]: (d, h) => new SamplingProcessor(d, h),
  'org.apache.synapse.message.processors.sampler.SamplingProcessor': (d, h) => new SamplingProcessor(d, h),
  [FORWARDING_PROCESSOR_CLASS]: (d, h) => new ForwardingProcessor(d, h),
  'org.apache.synapse.message.processors.forward.ScheduledMessageForwardingProcessor': (d, h) => new ForwardingProcessor(d, h),
  [FAILOVER_PROCESSOR_CLASS]: (d, h) => new FailoverForwardingProcessor(d, h),
};

/**
 * Creates (but does not start) the processor a definition describes. Throws a ConduitError
 * (CONDUIT_PROCESSOR_UNSUPPORTED, CONDUIT_PROCESSOR_CONFIG_INVALID) the runtime reports as a refused
 * artifact.
 */
export function createProcessor(def: ProcessorDefinition, host: ProcessorHost): MessageProcessor {
  const make = CLASSES[def.className?.trim() ?? ''];
  if (!make) {
    throw new ConduitError(
      'CONDUIT_PROCESSOR_UNSUPPORTED',
      `message processor ${def.name}: class ${def.className || '(none)'} is not supported by the embedded runtime; ` +
        `use the sampling, scheduled forwarding or failover forwarding processor`,
    );
  }
  return make(def, host);
}
